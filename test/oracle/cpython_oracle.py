"""CPython pickle oracle for the Model Security Lint test suite (stdlib only, tests only).

Runs CPython's own unpicklers -- the pure-Python ``pickle._Unpickler`` and the C
``_pickle.Unpickler``, the latter over three kinds of input (see VARIANTS) -- on each test case with ``find_class`` overridden to RECORD the
requested (module, name) and return an inert stub. Nothing a pickle names is ever imported:
``find_class`` never calls the original, and an audit hook blocks (and reports) any import or
process/network event while a case runs.

Protocol (binary in, JSON lines out):
  stdin:  repeated [uint32 little-endian length][length bytes]; EOF ends the batch.
  stdout: one JSON object per case, in order, flushed after each:
            {"i": n, "runs": {"py": RUN, "c": RUN, "cs": RUN, "cb": RUN}, "violations": [...]}
          RUN = {"pairs": [[module, name, proto|null, load, alt|null, via|null], ...],
                 "loads": k, "error": "Type: message" | null, "end": offset}
          ``alt`` is [module, name] after CPython's protocol<3 fix_imports mapping
          (_compat_pickle), given when it differs and the protocol in force is < 3 or unknown;
          ``via`` names the opcode family that asked (GLOBAL, INST, STACK_GLOBAL, EXT) when known.
          A final line {"done": true, "cases": n, "newModules": [...], "violations": [...]}.
Each case is loaded repeatedly (fresh unpickler each time, like torch's legacy reader) while a
load succeeds and bytes remain, up to MAX_LOADS.
"""

import _compat_pickle
import copyreg
import io
import json
import os
import pickle
import _pickle
import resource
import signal
import struct
import sys
import warnings

MAX_CASE_BYTES = 4 * 1024 * 1024
MAX_LOADS = 8
CASE_SECONDS = 3.0
ADDRESS_SPACE = 1536 * 1024 * 1024

# Extension codes registered in this process so that EXT1/EXT2/EXT4 reach find_class.
# copyreg.add_extension only fills dictionaries; it imports nothing. The registered module is a
# sentinel so that every pair an EXT opcode produced is attributable (via "EXT") in both runs.
EXT_MODULE = "__oracle_ext__"
EXT_CODES = (1, 2, 200, 0x1234, 0xFFFF, 0x12345678, 0x7FFFFFFF)

BLOCKED_EVENT_PREFIXES = (
    "import", "pickle.find_class", "os.system", "os.exec", "os.posix_spawn", "os.spawn",
    "os.fork", "subprocess.", "socket.", "ctypes.", "exec", "compile", "open", "urllib.",
    "webbrowser.", "shutil.", "os.remove", "os.rename", "os.mkdir",
)


# Self-test of the guard (MSL_ORACLE_PROBE_GUARD=1): every find_class also tries to import a
# module that does not exist; the audit hook must block and report it.
PROBE_GUARD = os.environ.get("MSL_ORACLE_PROBE_GUARD") == "1"
PROBE_MODULE = "msl_oracle_guard_probe_does_not_exist"


def _probe_guard():
    try:
        __import__(PROBE_MODULE)
    except Exception:
        pass


class _CaseTimeout(BaseException):
    """Raised from the alarm handler; BaseException so unpickler except-clauses cannot eat it."""


class _Guard:
    active = False
    violations = []


def _audit(event, args):
    if not _Guard.active:
        return
    if event.startswith(BLOCKED_EVENT_PREFIXES):
        _Guard.violations.append("%s %r" % (event, args[:2] if isinstance(args, tuple) else args))
        raise RuntimeError("oracle blocked audit event " + event)


class _StubMeta(type):
    """Metaclass of Stub. Calling the class returns the class itself, so that whatever a
    pickle builds from a stub is again a *type*: NEWOBJ/OBJ/INST (which the C unpickler only
    accepts on types) keep working after REDUCE, and CPython reaches every later find_class a
    real callable could let it reach."""

    def __call__(cls, *args, **kwargs):
        return cls

    def __getattr__(cls, name):
        return cls

    def __setitem__(cls, key, value):
        pass


class Stub(metaclass=_StubMeta):
    """The inert object standing for anything a pickle resolves: accepts every operation."""

    def __new__(cls, *args, **kwargs):
        return object.__new__(cls)  # NEWOBJ/NEWOBJ_EX call __new__ directly: an instance

    def __init__(self, *args, **kwargs):
        pass

    def __call__(self, *args, **kwargs):
        return Stub

    def __getattr__(self, name):
        return Stub

    def __setstate__(self, *args, **kwargs):
        pass

    def __setitem__(self, key, value):
        pass

    def __repr__(self):
        return "<stub>"


def _alt_spelling(module, name, proto):
    if proto is not None and proto >= 3:
        return None
    if (module, name) in _compat_pickle.NAME_MAPPING:
        alt = _compat_pickle.NAME_MAPPING[(module, name)]
    elif module in _compat_pickle.IMPORT_MAPPING:
        alt = (_compat_pickle.IMPORT_MAPPING[module], name)
    else:
        return None
    return list(alt) if tuple(alt) != (module, name) else None


# Which opcode handler of the pure-Python unpickler called find_class.
_VIA = {"load_global": "GLOBAL", "load_inst": "INST", "load_stack_global": "STACK_GLOBAL",
        "get_extension": "EXT"}


def _make_recorder(base):
    class Recorder(base):
        def __init__(self, file, log, load_index):
            super().__init__(file, buffers=_buffers())
            self._log = log
            self._load_index = load_index

        def find_class(self, module, name):
            # Never call super(): that would import `module`.
            if base is pickle._Unpickler:
                proto = self.proto
                via = _VIA.get(sys._getframe(1).f_code.co_name)
            else:
                proto = None  # the C unpickler does not expose it
                via = None
            if module == EXT_MODULE:
                via = "EXT"
            self._log.append([module, name, proto, self._load_index, via])
            if PROBE_GUARD:
                _probe_guard()
            return Stub

        def persistent_load(self, pid):
            return Stub

    Recorder.__name__ = "Recorder_" + base.__name__
    return Recorder


def _buffers():
    while True:
        yield bytearray(b"buf")


PY_RECORDER = _make_recorder(pickle._Unpickler)
C_RECORDER = _make_recorder(_pickle.Unpickler)


def _on_alarm(signum, frame):
    raise _CaseTimeout()


def _error_text(e):
    text = str(e)
    if len(text) > 160:
        text = text[:160] + "..."
    return "%s: %s" % (type(e).__name__, text)


class _PeekAll(io.BytesIO):
    """A file whose peek() offers everything left: the C unpickler then holds the whole stream
    in its buffer, which is how it reads bytes given to pickle.loads()."""

    def peek(self, size=0):
        return self.getvalue()[self.tell():]


def _small_buffered(data):
    # open()'s BufferedReader with a tiny buffer: the C unpickler's peek/prefetch boundaries of
    # a large file, reproduced at the scale of a test case.
    return io.BufferedReader(io.BytesIO(data), buffer_size=32)


# name -> (unpickler recorder, file factory). "py" and "c" read an io.BytesIO (how torch reads a
# zip member); "cs" models pickle.loads(bytes); "cb" models pickle.load(open(path, "rb")).
VARIANTS = (
    ("py", PY_RECORDER, io.BytesIO),
    ("c", C_RECORDER, io.BytesIO),
    ("cs", C_RECORDER, _PeekAll),
    ("cb", C_RECORDER, _small_buffered),
)


def run_one(recorder, data, make_file=io.BytesIO):
    log = []
    bio = make_file(data)
    error = None
    loads = 0
    while loads < MAX_LOADS:
        loads += 1
        copyreg.clear_extension_cache()
        try:
            signal.setitimer(signal.ITIMER_REAL, CASE_SECONDS)
            try:
                recorder(bio, log, loads - 1).load()
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
        except _CaseTimeout:
            error = "Timeout: over %.1fs" % CASE_SECONDS
            break
        except RecursionError as e:
            error = _error_text(e)
            break
        except MemoryError:
            error = "MemoryError: allocation refused by the oracle's address-space limit"
            break
        except Exception as e:  # every malformed-stream outcome is data, not a failure
            error = _error_text(e)
            break
        if bio.tell() >= len(data):
            break
    return {"pairs": log, "loads": loads, "error": error, "end": bio.tell()}


def _with_alt(run, protos_from=None):
    out = []
    for k, (module, name, proto, load, via) in enumerate(run["pairs"]):
        if proto is None and protos_from is not None and k < len(protos_from):
            # The C unpickler's protocol is taken from the pure-Python run's matching call.
            other = protos_from[k]
            if other[0] == module and other[1] == name and other[3] == load:
                proto, via = other[2], via or other[4]
        out.append([module, name, proto, load, _alt_spelling(module, name, proto), via])
    run["pairs"] = out
    return run


def run_case(data):
    if len(data) > MAX_CASE_BYTES:
        error = "Skipped: case over %d bytes" % MAX_CASE_BYTES
        runs = {name: {"pairs": [], "loads": 0, "error": error, "end": 0} for name, _, _ in VARIANTS}
        return {"runs": runs, "violations": []}
    _Guard.violations = []
    _Guard.active = True
    try:
        raw = {name: run_one(recorder, data, make_file) for name, recorder, make_file in VARIANTS}
    finally:
        _Guard.active = False
    py_pairs = list(raw["py"]["pairs"])
    runs = {name: _with_alt(run, None if name == "py" else py_pairs) for name, run in raw.items()}
    return {"runs": runs, "violations": _Guard.violations}


# Exercises every decoder once so lazily imported codecs are loaded before the guard is armed.
WARM_UP = [
    b"Vabc\n.", b"S'abc'\n.", b"U\x03abc.", b"X\x03\x00\x00\x00abc.", b"\x8c\x03abc.",
    b"\x8d\x03\x00\x00\x00\x00\x00\x00\x00abc.", b"F1.5\n.", b"G?\xf0\x00\x00\x00\x00\x00\x00.",
    b"L12345678901234567890L\n.", b"I01\n.", b"\x8a\x02\xff\x7f.", b"\x97\x98.",
    b"cos\nsystem\n(S'x'\ntR.", b"\x80\x02c__builtin__\nfile\n.", b"\x82\x01.", b"P1\n.",
    b"\x80\x04\x95\x05\x00\x00\x00\x00\x00\x00\x00N\x94h\x00.", b"(i__main__\nX\n.",
]


def main():
    try:
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))
    except (ValueError, OSError):
        pass
    for code in EXT_CODES:
        copyreg.add_extension(EXT_MODULE, "code_%d" % code, code)
    signal.signal(signal.SIGALRM, _on_alarm)
    # Decoders warn (e.g. STRING with an invalid escape); a shown warning lazily imports
    # linecache, which the guard would block, changing the outcome. Library callers of pickle
    # do not show these warnings either.
    warnings.simplefilter("ignore")
    for data in WARM_UP:
        for _, recorder, make_file in VARIANTS:
            run_one(recorder, data, make_file)
    before = set(sys.modules)
    sys.addaudithook(_audit)
    stdin = sys.stdin.buffer
    out = sys.stdout
    count = 0
    all_violations = []
    while True:
        head = stdin.read(4)
        if len(head) < 4:
            break
        (size,) = struct.unpack("<I", head)
        data = stdin.read(size)
        result = run_case(data)
        result["i"] = count
        all_violations.extend(result["violations"])
        out.write(json.dumps(result) + "\n")
        out.flush()
        count += 1
    new_modules = sorted(set(sys.modules) - before)
    out.write(json.dumps({"done": True, "cases": count, "newModules": new_modules,
                          "violations": all_violations}) + "\n")
    out.flush()


if __name__ == "__main__":
    main()
