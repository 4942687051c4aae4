"""EPCIS documents read one event at a time: the events of a JSON file of any size
in memory bounded by the largest event.

``stream_events(fh, source, limits)`` yields ``(index, event)`` for each element of
the document's event list (``epcisBody.eventList``, or that of an
EPCISQueryDocument's ``queryResults.resultsBody``; or the elements of a bare list, or
the one event a file may be). ``event`` is the element as Python values, or an
``EventFault`` when the element cannot be an event at all (not an object, a key twice
with different values, more than ``epcis_event_values`` values): that element becomes
a row error and the rest loads.

The file as a whole is refused (``FileRefusedError``) when it is not JSON (a syntax
error, NaN, a truncated file: named with the byte offset and the event), nests deeper
than ``json_depth``, holds a number literal longer than ``json_number_digits``, is not
an EPCIS document or has no events. The JSON is tokenised by ijson's C backend.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import IO, Any

import ijson

from hub.errors import FileRefusedError
from hub.messages import Coded, refusal
from loaders.reading.limits import ReadLimits

_DOCUMENT_TYPES = ("EPCISDocument", "EPCISQueryDocument")
_UTF16_32 = (  # UTF-32 first: its little-endian BOM starts like UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_READ = 64 * 1024
_DIGITS = b"0123456789"
_MAX_DIGIT_RUN = 4_000
_LONG_DIGIT_RUN = re.compile(rb"[0-9]{%d,}" % _MAX_DIGIT_RUN)
Token = tuple[str, Any]


class EventFault(Coded):
    """Why one event cannot be loaded: a catalogue id, the field and value at fault."""

    def __init__(
        self, message_id: str, /, field: str | None = None, value: Any = None, **params: Any
    ) -> None:
        super().__init__(message_id, **{"field": field, "value": value, **params})
        self.field = field
        self.value = value
        self.event_id: str | None = None


def stream_events(
    fh: IO[bytes], source: str, limits: ReadLimits
) -> Iterator[tuple[int, dict[str, Any] | EventFault]]:
    yield from _Document(fh, source, limits).events()


class _Counting:
    """The file as UTF-8 bytes (a UTF-8 BOM dropped, UTF-16/32 re-encoded), counting
    how far it has been read, for the byte offset a refusal names.

    A run of ``_MAX_DIGIT_RUN`` digits ends the input early (``long_digits``): ijson's C
    parser hands number text to Python's int(), which refuses 4,300 digits, and
    ijson crashed the process (a segmentation fault) after that error."""

    def __init__(self, fh: IO[bytes]) -> None:
        self.fh, self.done = fh, 0
        self.run = 0  # digits at the end of what was read so far
        self.long_digits = False
        head = fh.read(4)
        self.pending = b""
        self.text: Any = None
        for bom, encoding in _UTF16_32:
            if head.startswith(bom):
                self.text = codecs.getreader(encoding)(fh)
                self.pending = head[len(bom) :].decode(encoding, "ignore").encode()
                break
        else:
            self.pending = head.removeprefix(codecs.BOM_UTF8)

    def read(self, size: int = -1) -> bytes:
        wanted = _READ if size is None or size < 0 else size
        if self.pending:
            data, self.pending = self.pending[:wanted], self.pending[wanted:]
        elif self.text is not None:
            data = self.text.read(wanted // 4 or 1).encode("utf-8", "surrogatepass")
        else:
            data = self.fh.read(wanted)
        if self._has_long_digits(data):
            self.long_digits = True
            return b""
        self.done += len(data)
        return data

    def _has_long_digits(self, data: bytes) -> bool:
        lead = len(data) - len(data.lstrip(_DIGITS))
        if self.run + lead >= _MAX_DIGIT_RUN or _LONG_DIGIT_RUN.search(data):
            return True
        tail = len(data) - len(data.rstrip(_DIGITS))
        self.run = self.run + lead if lead == len(data) else tail
        return False


class _Document:
    def __init__(self, fh: IO[bytes], source: str, limits: ReadLimits) -> None:
        self.source, self.limits = source, limits
        self.reader = _Counting(fh)
        self.tokens = ijson.basic_parse(self.reader, buf_size=_READ)
        self.index = 0  # the event being read (for refusals)
        self.path = "the document"

    # Navigation ----------------------------------------------------------------------

    def events(self) -> Iterator[tuple[int, dict[str, Any] | EventFault]]:
        try:
            yield from self._top()
        except (ijson.JSONError, ValueError, SystemError) as exc:
            if self.reader.long_digits:
                raise self._too_many_digits() from None
            # Python's own int() limit (4,300 digits) is hit inside ijson's C parser; the
            # error may surface wrapped, or only at the next step after a token.
            chain = (exc, exc.__cause__, exc.__context__)
            if any("4300 digits" in str(e) for e in chain if e is not None):
                raise self._too_many_digits() from None
            raise self._broken(exc) from None
        except UnicodeDecodeError:
            raise refusal(self.source, "not-utf8:json") from None
        if self.reader.long_digits:  # digits after the document's end
            raise self._too_many_digits()

    def _top(self) -> Iterator[tuple[int, dict[str, Any] | EventFault]]:
        token = self._next()
        if token[0] == "start_array":
            yield from self._event_list()
        elif token[0] == "start_map":
            yield from self._top_object()
        else:
            raise self._not_epcis("not-epcis:json", found=_kind(token))
        if self._next_or_none() is not None:
            raise self._broken(ValueError("trailing garbage"))
        if not self.index:
            raise refusal(self.source, "empty-file:no-events", why="the event list is empty")

    def _top_object(self) -> Iterator[tuple[int, dict[str, Any] | EventFault]]:
        """A document (its epcisBody streamed) or one event (built whole)."""
        fields: dict[str, Any] = {}
        has_body = False
        budget = _Budget(self.limits.epcis_event_values)
        while (token := self._next())[0] == "map_key":
            key = token[1]
            if key == "epcisBody":
                has_body = True
                yield from self._body(self._next())
            else:
                self._put(fields, key, self._build(self._next(), budget), budget)
        if has_body:
            return
        if fields.get("type") in _DOCUMENT_TYPES:
            why = f"the {fields['type']} has no epcisBody"
            raise refusal(self.source, "empty-file:no-events", why=why)
        if "type" not in fields and "eventTime" not in fields:
            raise self._not_epcis("not-epcis:no-body")
        self.index = 1
        yield 1, budget.fault or fields

    def _body(self, token: Token) -> Iterator[tuple[int, dict[str, Any] | EventFault]]:
        self._object_or_refuse(token, "epcisBody")
        found = False
        while (token := self._next())[0] == "map_key":
            key = token[1]
            value = self._next()
            if key == "eventList":
                found = True
                yield from self._list_or_refuse(value, "epcisBody.eventList")
            elif key == "queryResults":
                found = True
                yield from self._query_results(value)
            else:
                self._skip(value)
        if not found:
            why = "epcisBody has no eventList and no queryResults"
            raise refusal(self.source, "empty-file:no-events", why=why)

    def _query_results(self, token: Token) -> Iterator[tuple[int, dict[str, Any] | EventFault]]:
        self._object_or_refuse(token, "epcisBody.queryResults")
        found = False
        while (token := self._next())[0] == "map_key":
            value = self._next()
            if token[1] != "resultsBody":
                self._skip(value)
                continue
            self._object_or_refuse(value, "epcisBody.queryResults.resultsBody")
            while (inner := self._next())[0] == "map_key":
                item = self._next()
                if inner[1] == "eventList" and item[0] != "null":
                    found = True
                    yield from self._list_or_refuse(
                        item, "epcisBody.queryResults.resultsBody.eventList"
                    )
                else:
                    self._skip(item)
        if not found:
            why = "the query results have no eventList"
            raise refusal(self.source, "empty-file:no-events", why=why)

    def _event_list(self) -> Iterator[tuple[int, dict[str, Any] | EventFault]]:
        while (token := self._next())[0] != "end_array":
            self.index += 1
            self.path = f"event {self.index}"
            budget = _Budget(self.limits.epcis_event_values)
            event = self._build(token, budget)
            if budget.fault is not None:
                yield self.index, budget.fault
            elif not isinstance(event, dict):
                found = _kind(token)
                yield (
                    self.index,
                    EventFault("wrong-type", "event", event, expected="an object", found=found),
                )
            else:
                yield self.index, event

    def _list_or_refuse(
        self, token: Token, name: str
    ) -> Iterator[tuple[int, dict[str, Any] | EventFault]]:
        if token[0] != "start_array":
            raise self._not_epcis("not-epcis:list", name=name, found=_kind(token))
        yield from self._event_list()

    def _object_or_refuse(self, token: Token, name: str) -> None:
        if token[0] != "start_map":
            raise self._not_epcis("not-epcis:object", name=name, found=_kind(token))

    # Values -----------------------------------------------------------------------------

    def _build(self, token: Token, budget: _Budget) -> Any:
        """One JSON value from its first token, without recursion; a key met twice with
        different values, or more values than the budget, is noted on the budget."""
        kind, value = token
        if kind not in ("start_map", "start_array"):
            budget.spend(1)
            return self._scalar(kind, value)
        root: Any = {} if kind == "start_map" else []
        stack: list[tuple[Any, str | None]] = [(root, None)]
        while stack:
            container, key = stack[-1]
            kind, value = self._next()
            if kind == "map_key":
                stack[-1] = (container, value)
                continue
            if kind in ("end_map", "end_array"):
                stack.pop()
                continue
            budget.spend(1)
            if kind in ("start_map", "start_array"):
                child: Any = {} if kind == "start_map" else []
                if len(stack) >= self.limits.json_depth:
                    raise refusal(
                        self.source, "too-deep", limit=self.limits.json_depth, where=self._where()
                    )
                self._put(container, key, child, budget)
                stack.append((child, None))
            else:
                self._put(container, key, self._scalar(kind, value), budget)
        return root

    def _put(self, container: Any, key: str | None, value: Any, budget: _Budget) -> None:
        if budget.fault is not None:
            return  # over budget: read on to the event's end, keep nothing
        if isinstance(container, list):
            container.append(value)
        elif key in container and container[key] != value:
            budget.fault = EventFault("conflicting-keys", key, None, key=key)
        else:
            container[key] = value

    def _scalar(self, kind: str, value: Any) -> Any:
        if kind == "number":
            if isinstance(value, Decimal):
                if len(value.as_tuple().digits) > self.limits.json_number_digits:
                    raise self._too_many_digits()
                return float(value)  # 1e400 is inf: the event's row error says so
            if value.bit_length() > self.limits.json_number_digits * 3.33:
                raise self._too_many_digits()
        return value

    def _skip(self, token: Token) -> None:
        depth = 1 if token[0] in ("start_map", "start_array") else 0
        while depth:
            kind, _ = self._next()
            if kind in ("start_map", "start_array"):
                depth += 1
                if depth > self.limits.json_depth:
                    raise refusal(
                        self.source, "too-deep", limit=self.limits.json_depth, where=self._where()
                    )
            elif kind in ("end_map", "end_array"):
                depth -= 1

    # Tokens and refusals ------------------------------------------------------------------

    def _next(self) -> Token:
        token = self._next_or_none()
        if token is None:
            raise self._broken(ValueError("premature EOF"))
        return token

    def _next_or_none(self) -> Token | None:
        try:
            return next(self.tokens)
        except StopIteration:
            return None

    def _where(self) -> str:
        return f"{self.path}, near byte {self.reader.done:,}"

    def _broken(self, exc: Exception) -> FileRefusedError:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else "broken JSON"
        if "UTF8" in detail or "UTF-8" in detail:
            return refusal(self.source, "not-utf8:json")
        where = f" ({self.path})" if self.index else ""
        return refusal(
            self.source, "broken-json:syntax", detail=detail, offset=self.reader.done, where=where
        )

    def _too_many_digits(self) -> FileRefusedError:
        limit = self.limits.json_number_digits
        return refusal(self.source, "too-large:number", limit=limit, where=self._where())

    def _not_epcis(self, message_id: str, **params: str) -> FileRefusedError:
        return refusal(self.source, message_id, **params)


class _Budget:
    """Values one event may hold; the first fault of its element."""

    def __init__(self, limit: int) -> None:
        self.left = limit
        self.limit = limit
        self.fault: EventFault | None = None

    def spend(self, count: int) -> None:
        self.left -= count
        if self.left < 0 and self.fault is None:
            self.fault = EventFault("too-large:event", None, None, limit=self.limit)


def _kind(token: Token) -> str:
    kind, value = token
    if kind == "start_map":
        return "an object"
    if kind == "start_array":
        return "a list"
    if kind == "string":
        return "a string"
    if kind == "number":
        return "a number"
    if kind == "boolean":
        return "a boolean"
    return "null" if value is None else kind
