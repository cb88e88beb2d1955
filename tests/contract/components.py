"""An overlay rendered with extra Kustomize components (deploy/components/*), as an opt-in gives.

The opt-in components (monitoring everywhere, TLS on Minikube) are not in an overlay's own
kustomization; the tests render `overlay + components` through a kustomization of their own in
a temporary folder, as a user adding the `components:` lines would.
"""

from __future__ import annotations

import os
import tempfile
from functools import cache
from pathlib import Path

import yaml

from tests.contract.rendering import DEPLOY, Doc, kustomize


@cache
def _composed(overlay: str, components: tuple[str, ...]) -> str:
    with tempfile.TemporaryDirectory(prefix="todo-kustomize-") as folder:
        # Kustomize refuses absolute paths: each is relative to the temporary folder.
        def relative(path: Path) -> str:
            return os.path.relpath(path, folder)

        kustomization = {
            "apiVersion": "kustomize.config.k8s.io/v1beta1",
            "kind": "Kustomization",
            "resources": [relative(DEPLOY / "overlays" / overlay)],
            "components": [relative(DEPLOY / "components" / name) for name in components],
        }
        (Path(folder) / "kustomization.yaml").write_text(yaml.safe_dump(kustomization))
        return kustomize(Path(folder))


def rendered_with(overlay: str, *components: str) -> list[Doc]:
    """Every object of OVERLAY plus COMPONENTS (names under deploy/components), fresh copies."""
    return [doc for doc in yaml.safe_load_all(_composed(overlay, components)) if doc]


def find(docs: list[Doc], kind: str, name: str) -> Doc:
    """The one object of KIND and NAME among DOCS."""
    (found,) = [d for d in docs if d["kind"] == kind and d["metadata"]["name"] == name]
    return found
