"""Checkers of what the cluster reads (schemas, Dapr components, Knative admission, kn
commands, the Dockerfile, secrets), each tested on broken input in test_validators.py."""
