# syntax=docker/dockerfile:1
# One image for every deployable: the gateway, the eventing service and the four functions.
# docker/entrypoint.sh picks the role from the environment (see deploy/base/services/*.yaml).
#
#   docker build -t todo-events .
#   docker run --rm -p 8080:8080 -e DATABASE_URL=... todo-events               # gateway
#   docker run --rm -e TODO_ROLE=eventing -e DATABASE_URL=... todo-events        # eventing
#   docker run --rm -e FUNCTION_SOURCE=functions/audit/main.py ... todo-events   # a function
#   docker run --rm -e DATABASE_URL=... todo-events todo migrate                 # any command
#
# What goes in: requirements/runtime.txt (scripts/lock), every file checked against its sha256
# (--require-hashes), and the project's wheel. Not the embedded PostgreSQL (the image always
# runs on DATABASE_URL), no test tools, no pip or setuptools at run time, no compilers.
#
# No HEALTHCHECK: Kubernetes ignores it; the probes live in the Knative manifests, per role.

# The base pinned by digest, so a rebuild gets the same bytes until the pin is moved on purpose:
# the tag's multi-platform digest (linux/amd64 and linux/arm64), as found verbatim in public
# Dockerfiles on 2026-12-06 (no registry is reachable from where this file was written).
# Dependabot (.github/dependabot.yml, `docker`) proposes the new digest when the tag is rebuilt
# with Debian's fixes; it reads FROM lines only (no ARG), hence the named stage both build on.
FROM python:3.11.13-slim-bookworm@sha256:86adf8dbadc3d6e82ee5dd2c74bec2e1c2467cdad47886280501df722372d2e1 AS base

# ---- builder: the locked dependencies and the project wheel in /opt/venv ---------------------
FROM base AS builder
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1
WORKDIR /src

# Dependencies first, from the locks alone, so this layer is reused until they change.
# /opt/venv gets no pip or setuptools of its own (--without-pip): the base image's pip installs
# into it (`--python`). --only-binary: every pin has wheels for x86_64 and aarch64, so nothing is
# compiled; a future pin without one fails here instead of pulling in a compiler.
# pip compiles the installed modules to bytecode, which shortens every cold start later.
COPY requirements/runtime.txt requirements/build.txt requirements/
RUN python -m venv --without-pip /opt/venv \
    && python -m pip --python /opt/venv/bin/python install \
        --require-hashes --only-binary=:all: -r requirements/runtime.txt \
    && python -m venv /opt/build \
    && /opt/build/bin/pip install --require-hashes --only-binary=:all: -r requirements/build.txt

# Then the project itself: a wheel built by the locked setuptools (no build isolation, so no
# unpinned download), installed without dependencies (the lock has them all).
COPY . .
RUN /opt/build/bin/pip wheel --no-deps --no-build-isolation --wheel-dir /dist . \
    && python -m pip --python /opt/venv/bin/python install --no-deps --no-index /dist/*.whl

# ---- runtime: slim Python, the virtualenv, a non-root user -----------------------------------
FROM base AS runtime
# HOST=0.0.0.0 on purpose: in a container the port is reached from outside it (Knative's
# queue-proxy, the Dapr sidecar, `docker run -p`). Outside a container every process of todo
# binds 127.0.0.1 unless HOST says otherwise.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOST=0.0.0.0 \
    PORT=8080 \
    DATA_DIR=/home/todo/data

# Nothing installs packages at run time: the base image's pip, setuptools and wheel go (less to
# exploit, and what the scanner would flag in them goes too). A numeric uid, so Kubernetes can
# check runAsNonRoot without resolving names.
RUN python -m pip uninstall --yes --quiet pip setuptools wheel \
    && groupadd --system --gid 10001 todo \
    && useradd --system --uid 10001 --gid todo --home-dir /home/todo --create-home \
        --shell /usr/sbin/nologin todo

COPY --from=builder /opt/venv /opt/venv
WORKDIR /app
# functions-framework is given `--source functions/<name>/main.py`, a path relative to the
# working directory, so the functions' entry files are here too (their imports resolve to the
# installed package). Code stays root-owned: the app user can read it, not change it.
COPY functions/ /app/functions/
COPY docker/entrypoint.sh /app/docker/entrypoint.sh

USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["/app/docker/entrypoint.sh"]
