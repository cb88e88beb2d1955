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
# No HEALTHCHECK: Kubernetes ignores it; the probes live in the Knative manifests, per role.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# ---- builder: a virtualenv with the dependencies and the project wheel -----------------------
FROM ${PYTHON_IMAGE} AS builder
# pip compiles the installed modules to bytecode here, which shortens every cold start later.
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src

# Dependencies first, from pyproject.toml alone, so this layer is reused until they change.
COPY pyproject.toml ./
RUN python -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]))' \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt

# Then the project itself, built as a wheel (not editable) into the same virtualenv.
COPY . .
RUN pip install --no-deps .

# ---- runtime: slim Python, the virtualenv, a non-root user -----------------------------------
FROM ${PYTHON_IMAGE} AS runtime
# HOST=0.0.0.0 on purpose: in a container the port is reached from outside it (Knative's
# queue-proxy, the Dapr sidecar, `docker run -p`). Outside a container every process of todo
# binds 127.0.0.1 unless HOST says otherwise.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOST=0.0.0.0 \
    PORT=8080 \
    DATA_DIR=/home/todo/data

# A numeric uid, so Kubernetes can check runAsNonRoot without resolving names.
RUN groupadd --system --gid 10001 todo \
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
