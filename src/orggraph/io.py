"""Safe output: a file is either written whole or left as it was."""

import contextlib
import os
import sys
import tempfile
from pathlib import Path

from .errors import OrggraphError


@contextlib.contextmanager
def atomic_write(path, mode="w", encoding="utf-8"):
    """Open a temporary file beside ``path``; rename it over ``path`` only on success.

    Missing folders on the way to ``path`` are created, as ``mkdir -p`` would.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with atomic_write(target) as f:
    ...     _ = f.write("hello")
    >>> target.read_text()
    'hello'
    """
    if str(path).endswith(("/", os.sep)):  # Path() would drop the slash and write a file of the folder's name
        raise OrggraphError(
            f"cannot write {path}: that is a folder; give the file's name as well, as in {path}FILE"
        )
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OrggraphError(f"cannot write {path}: {directory} is a file, not a folder") from None
    except OSError as error:
        raise OrggraphError(f"cannot write {path}: {error.strerror}") from None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as error:
        raise OrggraphError(f"cannot write {path}: {error.strerror}") from None
    try:
        kwargs = {} if "b" in mode else {"encoding": encoding, "newline": ""}
        with os.fdopen(fd, mode, **kwargs) as handle:
            yield handle
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the file the usual mode
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_text(text: str, path=None) -> None:
    """Write ``text`` to ``path`` atomically, or to standard output when ``path`` is None.

    Examples
    --------
    >>> write_text("hello\\n")
    hello
    """
    if path is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    with atomic_write(path) as handle:
        handle.write(text)


def write_bytes(data: bytes, path=None, what: str = "this export") -> None:
    """Write ``data`` to ``path`` atomically, or to standard output's bytes when ``path`` is None.

    A standard output that takes only text (a notebook's) is an error naming
    ``what``, which then needs a path.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "data.bin"
    >>> write_bytes(b"PK", target)
    >>> target.read_bytes()
    b'PK'
    """
    if path is None:
        out = getattr(sys.stdout, "buffer", None)
        if out is None:
            raise OrggraphError(f"{what} is binary and standard output here takes only text: give a file to write")
        sys.stdout.flush()
        out.write(data)
        out.flush()
        return
    with atomic_write(path, "wb") as handle:
        handle.write(data)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
