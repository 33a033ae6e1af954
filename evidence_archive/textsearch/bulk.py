"""Write a rebuild's Whoosh segments directly, in parallel processes.

Whoosh's own writer analyses each field with its format's ``word_values``,
sends every posting through a sorting pool and, at commit
(``FieldWriter.add_postings``), looks up the document's field length and calls
the postings writer once per posting.  A rebuild has no use for any of that:
:class:`SegmentBuilder` keeps one segment's postings in memory, field → term →
(document numbers, weights, encoded values), and writes them in term order
through the codec's own field writer, one W3 block (128 postings) at a time.
Stored fields, field lengths and sortable columns go through the codec's
per-document writer exactly as ``SegmentWriter.add_document`` sends them.  The
result is an ordinary W3 segment that every Whoosh reader, merge and update
handles (``tests/test_index.py`` compares it with Whoosh's own, posting by
posting).  Only the blocks are pickled with protocol 4 rather than Whoosh's 2,
which every reader loads alike: a third smaller, and quicker to write and read.

The text fields arrive analysed by the caller, so each text is analysed once
for all the fields made from it (``documents.analysed_fields``); every other field
is indexed by its Whoosh field type as usual.

:func:`write_segments` runs the builders, in this process or in forked
processes that each read their own share of the items from the database and
send back the segments they wrote; :func:`commit_segments` then makes all of
them live in one table of contents.
"""
from __future__ import annotations

import gc
import multiprocessing
import operator
import pickle
import traceback
import zlib
from array import array
from collections import Counter
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from multiprocessing.connection import wait

from whoosh import formats
from whoosh.codec import default_codec
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3PostingsWriter
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte

#: One analysed text field of a document: its terms in text order, and their
#: positions when the field keeps them (``None`` otherwise).
Terms = tuple[Sequence[str], Sequence[int] | None]
#: ``documents(batches)`` yields (item ids read, their documents) for batches of item ids.
Documents = Callable[[list[list[int]]], Iterator[tuple[int, list[dict]]]]
#: ``analyse(document)`` returns the terms of its text fields, by field name.
Analyse = Callable[[dict], Mapping[str, Terms]]

IDLE_LIMIT = 900.0  # seconds without a word from any indexing process: it hangs, give up
PICKLE_PROTOCOL = 4  # of the posting blocks; Whoosh's writer uses 2, which pickles bytes as text
# Smaller blocks (half of them: a term in one or two documents) are stored as they
# are: zlib's header and checksum would make them larger, and compressing them
# took a tenth of the writing.
COMPRESS_FROM = 48


class IndexingFailed(RuntimeError):
    """An indexing process failed or died; the rebuild cannot be completed."""


# --------------------------------------------------------------------------- one segment

class SegmentBuilder:
    """Collect documents into one new segment of an index and write it out in one go.

    Memory grows with the postings held: about 3.5 bytes per character of
    Thai text (16 bytes a posting, plus the encoded positions of repeated
    words).  Call :meth:`finish` every few tens of millions of characters
    and start a new builder.
    """

    def __init__(self, storage, schema, indexname: str, codec=None):
        for name, field in schema.items():
            if field.vector or field.separate_spelling():
                raise ValueError(f"field {name!r}: term vectors and spelling fields are not supported")
        self.storage, self.schema = storage, schema
        self.codec = codec or default_codec()
        self.segment = self.codec.new_segment(storage, indexname)
        self._perdoc = self.codec.per_document_writer(storage, self.segment)
        # field → term → (document numbers, weights, non-empty encoded values)
        self._postings: dict[str, dict] = {}
        # field → document number → its length as the lengths column gives it back
        self._lengths: dict[str, dict[int, int]] = {}
        self._positions: dict[int, bytes] = {}  # encoded single positions, shared
        self._counts: dict[int, bytes] = {}  # encoded frequencies, shared
        self._indexed: dict[tuple[str, object], tuple] = {}  # (field, value) → terms, length, column value
        self.doc_count = 0
        self.text_size = 0  # characters of the analysed texts (a text several fields share counts once)

    def add(self, fields: Mapping[str, object], analysed: Mapping[str, Terms]) -> None:
        """Add a document: `fields` as for ``writer.add_document``, `analysed` its text fields' terms."""
        docnum = self.doc_count
        perdoc = self._perdoc
        perdoc.start_doc(docnum)
        for name in sorted(fields):
            value = fields[name]
            if value is None:
                continue
            if name.startswith("_"):
                raise ValueError(f"{name}: boosts and custom stored values are not supported")
            field = self.schema[name]
            if name in analysed:
                length = self._add_terms(name, field, analysed[name], docnum) if field.indexed else 0
                column = field.to_column_value(value) if field.column_type is not None else None
            else:
                length, column = self._add_values(name, field, value, docnum)
            if length:
                self._lengths.setdefault(name, {})[docnum] = byte_to_length(length_to_byte(length))
            perdoc.add_field(name, field, value if field.stored else None, length)
            if field.column_type is not None:
                perdoc.add_column_value(name, field.column_type, column)
        perdoc.finish_doc()
        self.doc_count += 1
        self.text_size += sum(map(len, {fields[name] for name in analysed if fields.get(name)}))

    def _add_terms(self, name: str, field, terms: Terms, docnum: int) -> int:
        """Post one document's analysed terms of a text field; return the field's length."""
        words, positions = terms
        table = self._postings.setdefault(name, {})
        fmt = field.format
        boost = fmt.field_boost
        if type(fmt) is formats.Positions:
            where: dict[str, list[int]] = {}
            for word, pos in zip(words, positions, strict=True):
                found = where.get(word)
                if found is None:
                    where[word] = [pos]
                else:
                    found.append(pos)
            single = self._positions
            for word, poses in where.items():
                if len(poses) == 1:
                    value = single.get(poses[0])
                    if value is None:
                        value = single[poses[0]] = fmt.encode(poses)
                else:  # as fmt.encode(poses): the count, then the pickled gaps
                    value = pack_uint(len(poses)) + pickle.dumps(
                        [poses[0], *map(operator.sub, poses[1:], poses)], 2)
                entry = table.get(word)
                if entry is None:
                    entry = table[word] = (array("I"), array("f"), [])
                entry[0].append(docnum)
                entry[1].append(len(poses) * boost)
                entry[2].append(value)
        elif type(fmt) is formats.Frequency:
            counts = self._counts
            for word, freq in Counter(words).items():
                value = counts.get(freq)
                if value is None:
                    value = counts[freq] = pack_uint(freq)
                entry = table.get(word)
                if entry is None:
                    entry = table[word] = (array("I"), array("f"), [])
                entry[0].append(docnum)
                entry[1].append(freq * boost)
                entry[2].append(value)
        else:
            raise TypeError(f"field {name!r}: bulk writing takes text fields with positions or frequencies")
        return len(words) if field.scorable else 0

    def _add_values(self, name: str, field, value, docnum: int) -> tuple[int, object]:
        """Post a field as Whoosh's writer does (its own ``index``); return its length and column value.

        The few values of the facet fields repeat from document to document, so
        what Whoosh makes of each is kept.
        """
        key = (name, value) if not field.unique and isinstance(value, Hashable) else None
        known = self._indexed.get(key) if key is not None else None
        if known is None:
            postings = list(field.index(value)) if field.indexed else []
            length = sum(freq for _, freq, _, _ in postings) if field.scorable else 0
            column = field.to_column_value(value) if field.column_type is not None else None
            known = (postings, length, column)
            if key is not None:
                self._indexed[key] = known
        postings, length, column = known
        table = self._postings.setdefault(name, {})
        for btext, _freq, weight, encoded in postings:
            entry = table.get(btext)
            if entry is None:
                entry = table[btext] = (array("I"), array("f"), [])
            entry[0].append(docnum)
            entry[1].append(weight)
            if encoded:
                entry[2].append(encoded)
        return length, column

    def finish(self):
        """Write the segment's files and return the segment, ready for a table of contents."""
        self._perdoc.close()  # also gives the segment its total field lengths
        writer = self.codec.field_writer(self.storage, self.segment)
        try:
            for name in sorted(self._postings):
                table = self._postings[name]
                if not table:
                    continue
                writer.start_field(name, self.schema[name])
                postings = writer._postwriter = _BlockWriter.like(writer._postwriter)
                lengths = self._lengths.get(name)
                for term in sorted(table):
                    docs, weights, values = table[term]
                    writer.start_term(term if isinstance(term, bytes) else term.encode("utf-8"))
                    limit = postings._blocklimit
                    for start in range(0, len(docs), limit):
                        postings.add_block(docs[start:start + limit], weights[start:start + limit],
                                           values[start:start + limit], lengths)
                    writer.finish_term()
                writer.finish_field()
                table.clear()
        finally:
            writer.close()
        self.segment.set_doc_count(self.doc_count)
        if self.segment.should_assemble():
            self.segment.create_compound_file(self.storage)
        return self.segment

    def cancel(self) -> None:
        """Drop the segment (its files are removed with the index folder or by the next commit)."""
        self._postings.clear()
        if not self._perdoc.is_closed:
            self._perdoc.close()


class _BlockWriter(W3PostingsWriter):
    """W3's postings writer, given a whole block of postings at a time.

    ``add_block`` leaves the writer as a run of ``add_posting`` calls would
    (ids, weights, non-empty values, length and weight bounds), so the term
    statistics are Whoosh's own; ``_write_block`` is Whoosh's with another
    pickle protocol, and small blocks left uncompressed (the block's header says
    so to every reader).  Written against whoosh-reloaded 2.7.5; the bulk writer
    test compares every posting with Whoosh's writer and merges the result.
    """

    @classmethod
    def like(cls, writer: W3PostingsWriter) -> _BlockWriter:
        """Return a block writer on the same file with the same settings as the codec's own."""
        return cls(writer._postfile, writer._blocklimit, byteids=writer._byteids,
                   compression=writer._compression, inlinelimit=writer._inlinelimit)

    def add_block(self, ids: array, weights: array, values: list,
                  lengths: dict[int, int] | None) -> None:
        """Buffer up to one block of postings; `lengths` gives each document's field length."""
        if self._ids:
            self._write_block()  # the previous block, full; the last one is written by finish_postings
        self._ids, self._weights, self._values = ids, weights, values
        self._maxweight = max(0, max(weights))
        if lengths is not None:
            found = list(map(lengths.__getitem__, ids))
            self._minlength, self._maxlength = min(found), max(found)

    def _write_block(self, last: bool = False) -> None:
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        data = pickle.dumps((self._mini_ids(), self._mini_weights(), self._mini_values()),
                            PICKLE_PROTOCOL)
        compression = self._compression if len(data) >= COMPRESS_FROM else 0  # each block says
        if compression:
            data = zlib.compress(data, compression)
        info = pickle.dumps((len(self._ids), self._ids[-1], self._maxweight, compression,
                             length_to_byte(self._minlength), length_to_byte(self._maxlength)),
                            PICKLE_PROTOCOL)
        length = len(info) + len(data)
        self._postfile.write_int(-length if last else length)  # negative: the term's last block
        self._postfile.write(info)
        self._postfile.write(data)
        self._blockcount += 1
        self._new_block()


# --------------------------------------------------------------------------- processes

class _Tally:
    """What the indexing processes reported: segments, documents, progress."""

    def __init__(self, total: int, progress: Callable[[int, int], None] | None):
        self.total, self.progress = total, progress
        self.read = self.documents = 0
        self.segments: list = []

    def report(self, kind: str, value) -> None:
        if kind == "segment":
            self.segments.append(value)
        elif kind == "read":
            items, documents = value
            self.read += items
            self.documents += documents
            if self.progress is not None:
                self.progress(self.read, self.total)


def _write_share(ix, batches: list[list[int]], documents: Documents, analyse: Analyse,
                 segment_text: int, report: Callable[[str, object], None]) -> None:
    """Index these batches into segments of about `segment_text` characters; report each one.

    The cyclic garbage collector is paused meanwhile and run on the young
    objects after each batch: its automatic full collections would scan the
    postings held and the analysis caches again and again (a third of the time).
    """
    builder = None
    stream = documents(batches)
    collecting = gc.isenabled()
    gc.disable()
    try:
        for items, docs in stream:
            for doc in docs:
                if builder is None:
                    builder = SegmentBuilder(ix.storage, ix.schema, ix.indexname)
                builder.add(doc, analyse(doc))
                if builder.text_size >= segment_text:
                    segment, builder = builder.finish(), None
                    report("segment", segment)
            written = len(docs)
            del docs
            gc.collect(1)  # a batch's database objects hold cycles
            report("read", (items, written))
        if builder is not None:
            segment, builder = builder.finish(), None
            report("segment", segment)
    finally:
        if collecting:
            gc.enable()
        stream.close()  # leaves the reader's session now, not when collected
        if builder is not None:
            builder.cancel()


def _child(ix, batches, documents, analyse, segment_text, after_fork, conn) -> None:
    """Body of a forked indexing process: report to the parent through `conn`."""
    try:
        if after_fork is not None:
            after_fork()
        _write_share(ix, batches, documents, analyse, segment_text,
                     lambda kind, value: conn.send((kind, value)))
        conn.send(("finished", None))
    except BaseException:  # noqa: BLE001 - whatever stops the child, the parent must hear of it
        conn.send(("failed", traceback.format_exc()))
        raise SystemExit(1) from None
    finally:
        conn.close()


def write_segments(ix, batches: list[list[int]], documents: Documents, analyse: Analyse,
                   procs: int = 1, progress: Callable[[int, int], None] | None = None,
                   segment_text: int = 60_000_000,
                   after_fork: Callable[[], None] | None = None) -> tuple[list, int]:
    """Write the documents of these batches of item ids into new segments of `ix`.

    Returns (segments, documents written); the segments are not live until
    :func:`commit_segments`.  With ``procs > 1`` each forked process takes
    every procs-th batch, reads it itself through ``documents`` (after
    ``after_fork()``, which must give it its own database connections) and
    writes its own segments.  ``progress(items read, items in all)`` is called
    here after each batch.  A failing or dying process stops the others and
    raises :class:`IndexingFailed`.
    """
    tally = _Tally(sum(map(len, batches)), progress)
    if procs <= 1 or len(batches) <= 1:
        _write_share(ix, batches, documents, analyse, segment_text, tally.report)
        return tally.segments, tally.documents
    context = multiprocessing.get_context("fork")  # the children inherit the app and the dictionaries
    workers: dict = {}
    try:
        gc.freeze()  # what the children inherit is never scanned (nor copied) by their collector
        try:
            for k in range(min(procs, len(batches))):
                receive, send = context.Pipe(duplex=False)
                process = context.Process(
                    target=_child, name=f"index-writer-{k}", daemon=True,
                    args=(ix, batches[k::procs], documents, analyse, segment_text, after_fork, send))
                process.start()
                send.close()  # the child holds the only writing end: its exit is our EOF
                workers[receive] = process
        finally:
            gc.unfreeze()
        _collect(workers, tally)
    finally:
        for receive, process in workers.items():
            if process.is_alive():
                process.terminate()
            process.join(10)
            if process.is_alive():
                process.kill()
                process.join()
            receive.close()
    return tally.segments, tally.documents


def _collect(workers: dict, tally: _Tally) -> None:
    """Take the children's reports until each says it has finished; raise if one fails or dies."""
    running = dict(workers)
    while running:
        ready = wait(list(running), timeout=IDLE_LIMIT)
        if not ready:
            raise IndexingFailed(f"no indexing process reported for {IDLE_LIMIT:.0f} s")
        for receive in ready:
            process = running[receive]
            try:
                kind, value = receive.recv()
            except EOFError:
                process.join(10)
                raise IndexingFailed(f"indexing process {process.pid} died "
                                     f"(exit code {process.exitcode})") from None
            if kind == "failed":
                raise IndexingFailed(f"indexing process {process.pid} failed:\n{value}")
            if kind == "finished":
                del running[receive]
                process.join()
            else:
                tally.report(kind, value)


def commit_segments(ix, segments: list) -> None:
    """Add new segments to the index in one new table of contents (Whoosh's lock held meanwhile)."""
    writer = ix.writer()
    writer.commit(mergetype=lambda _writer, existing: [*existing, *segments])
