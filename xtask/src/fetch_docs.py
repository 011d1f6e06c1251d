"""Render services' documentation pages with the pinned packages' own documenters.

Run by `cargo xtask fetch-docs` inside throwaway venvs; never imported by anything else.

    python fetch_docs.py services <protocol> <out-file> # the services of a protocol (or all), one a line
    python fetch_docs.py boto3 <out-dir> <service>...   # <out>/<svc>/{client,paginator,waiter}/, <svc>.json
                                                        # (before boto3 1.26.81: <out>/<svc>/service.rst)
    python fetch_docs.py cli <out-dir> <service>...     # <out>/<svc>/<command>.rst, wait/<waiter>.rst

Each service is rendered on its own: one that fails is named in `<out-dir>/failed/<first>.json`
(`<first>`: the first service of the run) with the error, and the others go on. Several runs may
share an output folder, each with its own services.
"""
import collections
import collections.abc
import inspect
import json
import os
import sys
import traceback


def _compat():
    """What older releases need from a newer Python, restored before they are imported: the
    `collections` aliases of the abstract base classes (gone in 3.10; awscli's bundled requests
    and older botocore use them) and `inspect.formatargspec` (gone in 3.11; botocore before 1.29
    documents custom methods with it), `inspect.getargspec` (gone in 3.11; botocore before 1.16).
    Each is added only where missing."""
    for name in ("Mapping", "MutableMapping", "Sequence", "MutableSequence", "Set", "MutableSet",
                 "Callable", "Iterable", "Iterator", "Hashable", "Sized", "Container"):
        if not hasattr(collections, name):
            setattr(collections, name, getattr(collections.abc, name))
    if not hasattr(inspect, "formatargspec"):
        inspect.formatargspec = _formatargspec
    if not hasattr(inspect, "getargspec"):
        inspect.getargspec = _getargspec


_ArgSpec = collections.namedtuple("ArgSpec", "args varargs keywords defaults")


def _getargspec(func):
    """`inspect.getargspec` (gone in 3.11; botocore before 1.16 documents methods with it)."""
    spec = inspect.getfullargspec(func)
    return _ArgSpec(spec.args, spec.varargs, spec.varkw, spec.defaults)


def _formatargspec(args, varargs=None, varkw=None, defaults=None, kwonlyargs=(), kwonlydefaults=None,
                   annotations=None):
    """`inspect.formatargspec` as Python 3.10 had it, for the arguments botocore passes."""
    annotations = annotations or {}

    def arg_text(arg):
        return arg + (": " + inspect.formatannotation(annotations[arg]) if arg in annotations else "")

    specs = []
    first_default = len(args) - len(defaults) if defaults else len(args)
    for i, arg in enumerate(args):
        spec = arg_text(arg)
        if i >= first_default:
            spec += "=" + repr(defaults[i - first_default])
        specs.append(spec)
    if varargs is not None:
        specs.append("*" + arg_text(varargs))
    elif kwonlyargs:
        specs.append("*")
    for arg in kwonlyargs or ():
        spec = arg_text(arg)
        if kwonlydefaults and arg in kwonlydefaults:
            spec += "=" + repr(kwonlydefaults[arg])
        specs.append(spec)
    if varkw is not None:
        specs.append("**" + arg_text(varkw))
    result = "(" + ", ".join(specs) + ")"
    if "return" in annotations:
        result += " -> " + inspect.formatannotation(annotations["return"])
    return result


# botocore's PRIORITY_ORDERED_SUPPORTED_PROTOCOLS: a service listing several speaks the first.
PRIORITY = ("json", "rest-json", "rest-xml", "smithy-rpc-v2-cbor", "query", "ec2")


def _picked(meta):
    protocols = meta.get("protocols") or [meta.get("protocol")]
    return next((p for p in PRIORITY if p in protocols), meta.get("protocol"))


def services(protocol, out_file):
    """Services whose protocol, as botocore picks it, is `protocol` (every service for `all`)."""
    import botocore.session

    session = botocore.session.get_session()
    names = []
    for name in session.get_available_services():
        meta = session.get_service_model(name).metadata
        if protocol == "all" or _picked(meta) == protocol:
            names.append(name)
    with open(out_file, "w") as f:
        f.write("".join(n + "\n" for n in sorted(names)))


def _descriptor(session, service):
    client = session.client(service, aws_access_key_id="x", aws_secret_access_key="x")
    meta = client.meta.service_model.metadata
    # Services that moved to smithy-rpc-v2-cbor still answer awsJson, which botocore picks first.
    protocol = _picked(meta)
    descriptor = {
        "service_id": meta.get("serviceId"),
        "full_name": meta.get("serviceFullName"),
        "protocol": protocol,
        "json_version": meta.get("jsonVersion"),
        "target_prefix": meta.get("targetPrefix"),
        "signing_name": meta.get("signingName") or meta.get("endpointPrefix"),
        "endpoint_prefix": meta.get("endpointPrefix"),
        "api_version": meta.get("apiVersion"),
    }
    return {k: v for k, v in descriptor.items() if v is not None}


def boto3_pages(out, service):
    import boto3
    from boto3.docs.service import ServiceDocumenter

    session = boto3.Session(region_name="us-east-1")
    try:
        # boto3 1.26.81 and later write <out>/<service>/{client,paginator,waiter}/*.rst as a side
        # effect.
        documenter = ServiceDocumenter(service, session, out)
    except TypeError:
        # Before 1.26.81: no output folder; one page for the whole service, returned.
        page = ServiceDocumenter(service, session).document_service()
        os.makedirs(os.path.join(out, service), exist_ok=True)
        with open(os.path.join(out, service, "service.rst"), "wb") as f:
            f.write(page)
    else:
        documenter.document_service()
    with open(os.path.join(out, service + ".json"), "w") as f:
        json.dump(_descriptor(session, service), f)
    # The model files, including what each waiter's answers mean (the pages never say).
    loader = session._session.get_component("data_loader")
    _model_files(loader, os.path.join(out, service + ".botocore"), service)


def _model_files(loader, out, service):
    """botocore's own model files for the service, as the loader reads them (botocore ships them
    gzipped): indented, in botocore's key order, so that they diff by line."""
    os.makedirs(out, exist_ok=True)
    for kind in ("service-2", "paginators-1", "waiters-2", "endpoint-rule-set-1"):
        try:
            data = loader.load_service_model(service, kind)
        except Exception:
            continue  # a service without paginators or waiters (every one has a rule set)
        with open(os.path.join(out, kind + ".json"), "w") as f:
            json.dump(data, f, indent=1, ensure_ascii=False)
            f.write("\n")


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


_DRIVER = []


def cli_pages(out, service):
    from awscli.clidriver import create_clidriver

    if not _DRIVER:
        _DRIVER.append(create_clidriver())
    table = _DRIVER[0]._get_command_table()
    # awscli renames a few services (`deploy` for codedeploy, `configservice` for config, `s3api`
    # for s3, whose `aws s3` is awscli's own high-level command): the API commands are the ones
    # that name their service.
    by_service = {c._service_name: c for c in table.values() if hasattr(c, "_service_name")}
    commands = by_service.get(service, table.get(service))._get_command_table()
    for name in sorted(commands):
        command = commands[name]
        if name == "wait":
            # `aws <service> wait` only lists its waiters; each waiter has a page of its own.
            for waiter, sub in sorted(command.subcommand_table.items()):
                _render(sub.create_help_command(), os.path.join(out, service, "wait", waiter + ".rst"))
            continue
        _render(command.create_help_command(), os.path.join(out, service, name + ".rst"))


def render_all(render, out, services):
    failed = {}
    for service in services:
        try:
            render(out, service)
        except Exception:
            failed[service] = traceback.format_exc(limit=3)
    os.makedirs(os.path.join(out, "failed"), exist_ok=True)
    with open(os.path.join(out, "failed", services[0] + ".json"), "w") as f:
        json.dump(failed, f, indent=1, sort_keys=True)


class _LazyParser:
    """Stands in for a document's HTML parser until the document first parses a docstring.

    botocore's documenter makes a section (a `ReSTDocument`) for every shape it walks and gives
    each an HTML parser whether or not it ever parses anything; for QuickSight that is 4.4
    million parsers, and making them is an eighth of boto3's time (glue: 11.1 s -> 9.7 s of
    CPU). The real parser, made on first use, is the one the document would have made: nothing
    touches it before, so the pages come out byte for byte the same."""

    __slots__ = ("_doc", "_make", "_real")

    def __init__(self, make, doc):
        self._make, self._doc, self._real = make, doc, None

    def __getattr__(self, name):
        if self._real is None:
            self._real = self._make(self._doc)
        return getattr(self._real, name)


def _lazy_doc_parsers():
    """botocore's documents get `_LazyParser`s. awscli's help pages have a document module of
    their own, with one document a page; it is left as it is."""
    try:
        from botocore.docs.bcdoc import restdoc
    except ImportError:
        return
    make = getattr(restdoc, "DocStringParser", None)
    if isinstance(make, type):
        restdoc.DocStringParser = lambda doc: _LazyParser(make, doc)


if __name__ == "__main__":
    _compat()
    mode = sys.argv[1]
    if mode == "services":
        services(sys.argv[2], sys.argv[3])
    else:
        out, services = sys.argv[2], sys.argv[3:]
        os.makedirs(out, exist_ok=True)
        _lazy_doc_parsers()
        render_all({"boto3": boto3_pages, "cli": cli_pages}[mode], out, services)
