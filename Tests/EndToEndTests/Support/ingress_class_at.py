"""Reads (file, line) pairs on stdin and prints the IngressClass of the Ingress document holding
each line, computed independently of ingress-guard with PyYAML: spec.ingressClassName, else the
kubernetes.io/ingress.class annotation, else the IngressClass of the same file marked default, else
"(none)"."""
import json
import sys

import yaml


def documents(path):
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    for node in yaml.compose_all(text, Loader=yaml.SafeLoader):
        if node is None:
            continue
        yield node.start_mark.line + 1, node.end_mark.line + 1, yaml.safe_load(yaml.serialize(node))


def class_of(path, line):
    docs = list(documents(path))
    default = None
    for _, _, obj in docs:
        if isinstance(obj, dict) and obj.get("kind") == "IngressClass":
            annotations = (obj.get("metadata") or {}).get("annotations") or {}
            if annotations.get("ingressclass.kubernetes.io/is-default-class") == "true":
                default = (obj.get("metadata") or {}).get("name")
    for start, end, obj in docs:
        if start <= line <= end and isinstance(obj, dict):
            items = obj.get("items") if str(obj.get("kind", "")).endswith("List") else [obj]
            for item in items or []:
                spec = item.get("spec") or {}
                annotations = (item.get("metadata") or {}).get("annotations") or {}
                name = spec.get("ingressClassName") or annotations.get("kubernetes.io/ingress.class") or default
                return name or "(none)"
    return "(unknown)"


pairs = json.load(sys.stdin)
json.dump([class_of(path, line) for path, line in pairs], sys.stdout)
