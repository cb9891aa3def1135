"""Runs one candidate program against its tests for dev.distillery.grading.CodeGrader.

Started as `python3 -I -S -B -X utf8 CodeGraderRunner.py JOB_FILE` with a fresh scratch
directory as its working directory. It reads the job (program, tests, limits) and deletes the
file, sets its resource limits, installs an audit hook that refuses sockets, new processes, native
code, signals and limit changes, and files outside the scratch directory (reads are also allowed
in Python's own library), then runs the tests in order and stops at the first failure. The last
line it writes on its original stdout is the result, one JSON object: {"status": "pass"}, or
"wrong" (test, expected, got), "crash" (test, error), "memory", "output", "cpu", or "violation"
(kind: socket, file, process, native, system).

Each stdin test runs the whole program again with fd 0 reading the test's input and fd 1 writing
a capture file, so input(), sys.stdin, open(0) and os.write(1, ...) all work. Functional tests
call the named function, or the method of a fresh `Solution()` when the program defines that
class, once per test. Names LiveCodeBench's harness pre-imports (typing's List, collections,
heapq, math, ...) are provided when the program uses them without importing them: a NameError
reruns the test with those imports.
"""

import _signal
import _socket
import builtins
import errno
import os
import resource
import sys
import threading


def read_job(path):
    """The job file: fields, each its length in UTF-8 bytes, a newline, the bytes, a newline."""
    with open(path, "rb") as f:
        data = f.read()
    os.unlink(path)
    fields, at = [], 0
    while at < len(data):
        newline = data.index(b"\n", at)
        length = int(data[at:newline])
        fields.append(data[newline + 1 : newline + 1 + length].decode("utf-8"))
        at = newline + 2 + length
    cpu, memory, output, nproc, fn_name, program, count = fields[:7]
    tests = [
        {"functional": fields[i] == "functional", "input": fields[i + 1], "output": fields[i + 2]}
        for i in range(7, 7 + 3 * int(count), 3)
    ]
    return {
        "cpu_seconds": int(cpu), "memory_bytes": int(memory), "output_bytes": int(output),
        "nproc": int(nproc), "fn_name": fn_name, "program": program, "tests": tests,
    }  # fmt: skip


JOB = read_job(sys.argv[1])
SCRATCH = os.path.realpath(os.getcwd())
LIBRARY = tuple(os.path.realpath(p) for p in sys.path if p)
DEVICES = ("/dev/null", "/dev/zero", "/dev/random", "/dev/urandom")
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC
IN_PATH = os.path.join(SCRATCH, ".stdin")
OUT_PATH = os.path.join(SCRATCH, ".stdout")
RESULT_FD = os.dup(1)
REAL_EXIT = os._exit
MEMORY = {"status": "memory"}
OUTPUT = {"status": "output"}
PRELUDE_MODULES = (
    "string", "re", "datetime", "collections", "heapq", "bisect", "copy", "math", "random",
    "statistics", "itertools", "functools", "operator", "io", "sys", "json", "builtins", "typing",
)  # fmt: skip
STATE = {"armed": False, "violation": None, "thread_error": None, "prelude": False}


def quote(text):
    return '"' + "".join(c if c >= " " and c not in '"\\' else "\\u%04x" % ord(c) for c in text) + '"'


def finish(result):
    """Writes the result as a JSON line (without importing json, which takes a third of the
    start-up time) and exits without tearing down what the program left behind."""
    fields = (quote(k) + ": " + (str(v) if type(v) is int else quote(v)) for k, v in result.items())
    os.write(RESULT_FD, ("{" + ", ".join(fields) + "}\n").encode("utf-8", "replace"))
    REAL_EXIT(0)


def limit(kind, value):
    hard = resource.getrlimit(kind)[1]
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    resource.setrlimit(kind, (value, value))


limit(resource.RLIMIT_CORE, 0)
limit(resource.RLIMIT_AS, JOB["memory_bytes"])
limit(resource.RLIMIT_FSIZE, JOB["output_bytes"])
if JOB.get("nproc"):
    limit(resource.RLIMIT_NPROC, JOB["nproc"])
cpu = JOB["cpu_seconds"]
resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
_signal.signal(_signal.SIGXCPU, lambda signum, frame: finish({"status": "cpu"}))
_signal.signal(_signal.SIGXFSZ, _signal.SIG_IGN)
sys.setrecursionlimit(50000)


def refuse(kind, what):
    if STATE["violation"] is None:
        STATE["violation"] = kind
    raise PermissionError("the grader's sandbox refuses " + what)


def inside(path, roots):
    return any(path == root or path.startswith(root + os.sep) for root in roots)


def check_path(path, write):
    if isinstance(path, int):
        return
    try:
        resolved = os.path.realpath(os.fsdecode(os.fspath(path)))
    except (TypeError, ValueError):
        return
    if resolved in DEVICES or inside(resolved, (SCRATCH,) if write else (SCRATCH,) + LIBRARY):
        return
    refuse("file", "files outside its folder: " + resolved)


PROCESS_EVENTS = frozenset((
    "os.fork", "os.forkpty", "os.posix_spawn", "os.exec", "os.spawn", "os.system",
    "os.startfile", "subprocess.Popen", "pty.spawn",
))  # fmt: skip
SYSTEM_EVENTS = frozenset((
    "os.kill", "os.killpg", "signal.pthread_kill", "resource.setrlimit", "resource.prlimit",
))  # fmt: skip
PATH_WRITE_EVENTS = frozenset((
    "os.remove", "os.rename", "os.replace", "os.mkdir", "os.rmdir", "os.chmod", "os.lchmod",
    "os.chown", "os.lchown", "os.link", "os.symlink", "os.truncate", "os.utime", "os.chflags",
    "os.lchflags", "os.setxattr", "os.removexattr", "shutil.rmtree", "shutil.copyfile",
    "shutil.copymode", "shutil.copystat", "shutil.copytree", "shutil.move", "shutil.chown",
))  # fmt: skip
PATH_READ_EVENTS = frozenset(("os.listdir", "os.scandir", "os.getxattr", "os.listxattr"))


def audit(event, args):
    if not STATE["armed"]:
        return
    if event == "open":
        path, mode, flags = args
        write = (isinstance(flags, int) and flags & WRITE_FLAGS) or (
            isinstance(mode, str) and any(c in mode for c in "wax+")
        )
        check_path(path, write)
    elif event.startswith("socket."):
        refuse("socket", "sockets")
    elif event in PROCESS_EVENTS:
        refuse("process", "new processes")
    elif event.startswith("ctypes."):
        refuse("native", "native code")
    elif event in SYSTEM_EVENTS:
        refuse("system", "signals and limit changes")
    elif event in PATH_WRITE_EVENTS:
        for arg in args:
            if isinstance(arg, (str, bytes, os.PathLike)):
                check_path(arg, True)
    elif event in PATH_READ_EVENTS:
        check_path(args[0] if args and args[0] is not None else ".", False)


class RefusedSocket(_socket.socket):
    """Replaces the C socket type, so that the socket module (which subclasses it) refuses too."""

    __slots__ = ()

    def __init__(self, *args, **kwargs):
        refuse("socket", "sockets")


def no_sockets(*args, **kwargs):
    refuse("socket", "sockets")


_socket.socket = _socket.SocketType = RefusedSocket
for name in ("socketpair", "dup", "getaddrinfo", "getnameinfo", "gethostbyname",
             "gethostbyname_ex", "gethostbyaddr"):  # fmt: skip
    if hasattr(_socket, name):
        setattr(_socket, name, no_sockets)


def exit_without_teardown(code=0):
    raise SystemExit(code)


def thread_failed(hook_args):
    if STATE["thread_error"] is None:
        STATE["thread_error"] = hook_args.exc_value


os._exit = exit_without_teardown
threading.excepthook = thread_failed
sys.addaudithook(audit)


def namespace(name):
    names = {"__name__": name, "__builtins__": builtins}
    if STATE["prelude"]:
        for module_name in PRELUDE_MODULES:
            module = __import__(module_name)
            public = getattr(module, "__all__", None)
            if public is None:
                public = [n for n in dir(module) if not n.startswith("_")]
            for n in public:
                names[n] = getattr(module, n)
        for module_name in PRELUDE_MODULES:
            names[module_name] = sys.modules[module_name]
    return names


def describe(error):
    text = str(error)
    return type(error).__name__ + (": " + text if text else "")


def attempt(action):
    """Runs the candidate's code; None when it finished, else the failure's result."""
    STATE["armed"] = True
    try:
        try:
            action()
        except SystemExit:
            pass
        main = threading.main_thread()
        for thread in threading.enumerate():
            if thread is not main and not thread.daemon:
                thread.join()
        if STATE["thread_error"] is not None:
            error, STATE["thread_error"] = STATE["thread_error"], None
            raise error
        sys.stdout.flush()
        sys.__stdout__.flush()
        return None
    except MemoryError:
        return MEMORY
    except OSError as error:
        if error.errno == errno.EFBIG:
            return OUTPUT
        return {"status": "crash", "error": describe(error)}
    except BaseException as error:
        return {"status": "crash", "error": describe(error), "name": isinstance(error, NameError)}
    finally:
        STATE["armed"] = False


def shorten(text, length=100):
    return text if len(text) <= length else text[: length // 2] + "..." + text[-length // 2 :]


def lines(text):
    return [line.strip() for line in text.strip().split("\n")]


def same_output(got, expected):
    got_lines, expected_lines = lines(got), lines(expected)
    if len(got_lines) != len(expected_lines):
        return False
    for a, b in zip(got_lines, expected_lines):
        if a != b and not same_numbers(a, b):
            return False
    return True


def same_numbers(a, b):
    from decimal import Decimal, InvalidOperation

    try:
        return [Decimal(t) for t in a.split()] == [Decimal(t) for t in b.split()]
    except InvalidOperation:
        return False


def show_text(text):
    return shorten(text.strip().replace("\n", "\\n")) or "nothing"


def show_value(value):
    import json

    try:
        return shorten(json.dumps(value))
    except (TypeError, ValueError):
        return shorten(repr(value))


def flush_quietly():
    """Flushes what an earlier attempt left buffered, so it cannot land in the next capture."""
    for stream in (sys.stdout, sys.__stdout__):
        try:
            stream.flush()
        except BaseException:
            pass


def redirect(fd, path, flags):
    opened = os.open(path, flags, 0o600)
    if opened != fd:  # the program may have closed fd, and then open reuses it
        os.dup2(opened, fd)
        os.close(opened)


def run_stdin(code, test):
    with open(IN_PATH, "wb") as f:
        f.write(test["input"].encode("utf-8"))
    flush_quietly()
    redirect(0, IN_PATH, os.O_RDONLY)
    redirect(1, OUT_PATH, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    sys.stdin = open(0, "r", encoding="utf-8", closefd=False)
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
    names = namespace("__main__")
    failure = attempt(lambda: exec(code, names))
    del names
    if failure is not None:
        return failure
    with open(OUT_PATH, encoding="utf-8", errors="replace") as f:
        got = f.read()
    if same_output(got, test["output"]):
        return None
    return {"status": "wrong", "expected": show_text(test["output"]), "got": show_text(got)}


def solution_function(code):
    module = namespace("solution")
    target = []

    def load():
        exec(code, module)
        cls = module.get("Solution")
        if isinstance(cls, type) and hasattr(cls, JOB["fn_name"]):
            target.append(getattr(cls(), JOB["fn_name"]))
        elif callable(module.get(JOB["fn_name"])):
            target.append(module[JOB["fn_name"]])
        else:
            raise NameError("the program defines no function " + JOB["fn_name"])

    failure = attempt(load)
    return failure, (target[0] if target else None)


def run_functional(code, test, function_cache):
    if "function" not in function_cache:
        flush_quietly()
        redirect(1, OUT_PATH, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
        function_cache["failure"], function_cache["function"] = solution_function(code)
    if function_cache["failure"] is not None:
        return function_cache["failure"]
    import json

    arguments = [json.loads(line) for line in test["input"].strip("\n").split("\n") if line]
    expected = json.loads(test["output"])
    returned = []
    failure = attempt(lambda: returned.append(function_cache["function"](*arguments)))
    if failure is not None:
        return failure
    got = returned[0]
    if isinstance(got, tuple):
        got = list(got)
    try:
        got = json.loads(json.dumps(got))
    except (TypeError, ValueError):
        pass
    if got == expected:
        return None
    return {"status": "wrong", "expected": show_value(expected), "got": show_value(got)}


def main():
    try:
        code = compile(JOB["program"], "<program>", "exec")
    except (SyntaxError, ValueError) as error:
        finish({"status": "crash", "error": describe(error)})
    function_cache = {}
    for number, test in enumerate(JOB["tests"], 1):
        while True:
            if test["functional"]:
                failure = run_functional(code, test, function_cache)
            else:
                failure = run_stdin(code, test)
            if STATE["violation"] is not None:
                finish({"status": "violation", "kind": STATE["violation"]})
            if failure is not None and failure.get("name") and not STATE["prelude"]:
                STATE["prelude"] = True
                function_cache.clear()
                continue
            break
        if failure is not None:
            failure = dict(failure, test=number)
            failure.pop("name", None)
            finish(failure)
    finish({"status": "pass"})


main()
