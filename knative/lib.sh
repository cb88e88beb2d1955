# Shared by the deploy scripts (knative/deploy.sh, knative/teardown.sh, deploy/topics.sh), which
# source it from the repository's root: one way to read their arguments, to stop with a reason,
# and to print instead of run under --dry-run, so the scripts' messages and dry runs stay alike.
#
# A script sets, before calling these:
#   usage           its usage line without "usage: ", e.g. "knative/teardown.sh [--dry-run]"
#   message_prefix  the word its messages start with, e.g. deploy
#   dry_run         true or false (parse_target_and_dry_run sets it)
# shellcheck shell=bash
# Those variables are the sourcing script's (SC2154 cannot see them from here):
# shellcheck disable=SC2154

# Stops on wrong arguments: the usage line, and exit status 64 (EX_USAGE of sysexits.h).
usage_error() {
  echo "usage: $usage" >&2
  exit 64
}

# Stops the script with "PREFIX: MESSAGE" on stderr and exit status 1.
die() {
  echo "$message_prefix: $*" >&2
  exit 1
}

# The arguments "TARGET [--dry-run]" into target and dry_run. Any other second argument is a
# usage error; the target itself is the script's to check, as only it knows the valid ones.
# shellcheck disable=SC2034 # target and dry_run are for the sourcing script
parse_target_and_dry_run() {
  target="${1:-}"
  dry_run=false
  case "${2:-}" in
    "") ;;
    --dry-run) dry_run=true ;;
    *) usage_error ;;
  esac
}

# Prints a command as shell words on one line: what --dry-run shows, and tests/contract parses.
print_command() {
  printf '%q ' "$@"
  printf '\n'
}

# Runs a command, or with --dry-run prints it.
run() {
  if "$dry_run"; then
    print_command "$@"
  else
    "$@"
  fi
}
