"""Drives `ingress-guard lsp` with pygls's language client (a real LSP client library) and prints
one JSON object of what it saw, for LanguageServerTests.

usage: lsp_client.py BINARY WORKSPACE
"""
import asyncio
import json
import pathlib
import sys
import time

from lsprotocol import types
from pygls.lsp.client import BaseLanguageClient

BINARY, WORKSPACE = sys.argv[1], pathlib.Path(sys.argv[2])


def apply(text, edits):
    """Applies LSP text edits (from the end, so earlier positions stay valid)."""
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)

    def offset(position):
        if position.line >= len(lines):
            return len(text)
        return offsets[position.line] + position.character

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end):]
    return text


async def main():
    client = BaseLanguageClient("lsp-test", "1")
    published = {}
    arrived = asyncio.Event()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def diagnostics(params):
        published[params.uri] = (time.perf_counter(), params.diagnostics)
        arrived.set()

    @client.feature(types.WINDOW_LOG_MESSAGE)
    def logged(params):
        pass

    async def wait_for(uri, since):
        while True:
            if uri in published and published[uri][0] >= since:
                return published[uri][1]
            arrived.clear()
            await asyncio.wait_for(arrived.wait(), timeout=60)

    await client.start_io(BINARY, "lsp")
    result = await client.initialize_async(types.InitializeParams(
        capabilities=types.ClientCapabilities(),
        workspace_folders=[types.WorkspaceFolder(uri=WORKSPACE.as_uri(), name="ws")]))
    client.initialized(types.InitializedParams())
    report = {"server": result.server_info.name, "sync": result.capabilities.text_document_sync.change.value}

    ingress = WORKSPACE / "ingress.yaml"
    uri = ingress.as_uri()
    text = ingress.read_text()
    since = time.perf_counter()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text)))
    found = await wait_for(uri, since)
    report["opened"] = [{"code": d.code, "severity": d.severity.value, "line": d.range.start.line, "character": d.range.start.character,
                         "end": d.range.end.character, "href": d.code_description.href if d.code_description else None,
                         "related": [r.message for r in (d.related_information or [])], "message": d.message} for d in found]

    # Each mechanical fix, applied through code actions until none is left to apply.
    version = 1
    applied = []
    for _ in range(6):
        fixable = [d for d in published[uri][1] if d.code in ("missing-path-type", "deprecated-ingress-class-annotation", "deprecated-api-version")]
        if not fixable:
            break
        actions = await client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), range=fixable[0].range,
            context=types.CodeActionContext(diagnostics=[fixable[0]])))
        if not actions:
            break
        action = actions[0]
        applied.append(action.title)
        text = apply(text, action.edit.changes[uri])
        version += 1
        since = time.perf_counter()
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeEvent_Type2(text=text)]))
        await wait_for(uri, since)
    report["applied"] = applied
    report["fixed_text"] = text
    report["after_fixes"] = sorted({d.code for d in published[uri][1]})

    # A 1,000-line document: the time from a change to its diagnostics.
    big = WORKSPACE / "big.yaml"
    big_uri = big.as_uri()
    big_text = big.read_text()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=big_uri, language_id="yaml", version=1, text=big_text)))
    await wait_for(big_uri, 0)
    timings = []
    for round in range(10):
        edited = big_text.replace("name: app-0\n", f"name: app-0-{round}\n", 1)
        since = time.perf_counter()
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=big_uri, version=round + 2),
            content_changes=[types.TextDocumentContentChangeEvent_Type2(text=edited)]))
        await wait_for(big_uri, since)
        timings.append((published[big_uri][0] - since) * 1000)
    report["big_lines"] = big_text.count("\n")
    report["edit_ms"] = sorted(timings)[len(timings) // 2]

    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    print(json.dumps(report))


asyncio.run(main())
