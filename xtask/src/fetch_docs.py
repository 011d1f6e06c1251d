"""Render one service's documentation pages with the pinned packages' own documenters.

Run by `cargo xtask fetch-docs` inside a throwaway venv; never imported by anything else.

    python fetch_docs.py boto3 <service> <out-dir>   # client/, paginator/, waiter/ pages + service.json
    python fetch_docs.py cli <service> <out-dir>     # one page per CLI command, wait/<waiter>.rst
"""
import json
import os
import sys


def boto3_pages(service, out):
    import boto3
    from boto3.docs.service import ServiceDocumenter

    session = boto3.Session(region_name="us-east-1")
    # Writes <out>/<service>/{client,paginator,waiter}/*.rst as a side effect.
    ServiceDocumenter(service, session, out).document_service()
    client = session.client(
        service, aws_access_key_id="x", aws_secret_access_key="x"
    )
    meta = client.meta.service_model.metadata
    descriptor = {
        "service_id": meta.get("serviceId"),
        "full_name": meta.get("serviceFullName"),
        "protocol": meta.get("protocol"),
        "json_version": meta.get("jsonVersion"),
        "target_prefix": meta.get("targetPrefix"),
        "signing_name": meta.get("signingName") or meta.get("endpointPrefix"),
        "endpoint_prefix": meta.get("endpointPrefix"),
        "api_version": meta.get("apiVersion"),
    }
    with open(os.path.join(out, "service.json"), "w") as f:
        json.dump({k: v for k, v in descriptor.items() if v is not None}, f)


class _Capture:
    def render(self, contents):
        self.contents = contents


def _render(help_command, path):
    help_command.doc.target = "html"
    capture = _Capture()
    help_command.renderer = capture
    help_command(None, None)
    data = capture.contents
    if isinstance(data, str):
        data = data.encode("utf-8")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def cli_pages(service, out):
    from awscli.clidriver import create_clidriver

    driver = create_clidriver()
    commands = driver._get_command_table()[service]._get_command_table()
    for name in sorted(commands):
        command = commands[name]
        if name == "wait":
            # `aws <service> wait` only lists its waiters; each waiter has a page of its own.
            for waiter, sub in sorted(command.subcommand_table.items()):
                _render(sub.create_help_command(), os.path.join(out, "wait", waiter + ".rst"))
            continue
        _render(command.create_help_command(), os.path.join(out, name + ".rst"))


if __name__ == "__main__":
    mode, service, out = sys.argv[1:4]
    {"boto3": boto3_pages, "cli": cli_pages}[mode](service, out)
