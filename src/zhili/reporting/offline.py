"""``--no-network``: make sure that nothing in a run reaches the network.

The kit needs no network (every data file ships with it), so a report never connects anywhere.
For confidential documents that promise can be enforced: inside :func:`no_network`, every
attempt to resolve a host name or to open an internet socket (other than to this computer)
fails with a Chinese :class:`NetworkBlocked` error instead of sending anything. Worker processes
started inside the block (segmentation of large corpora) inherit the guard.
"""
from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator

from .._errors import ZhiliError

__all__ = ["NetworkBlocked", "no_network"]

_LOCAL = {None, "", "localhost", "127.0.0.1", "::1", b"localhost"}


class NetworkBlocked(ZhiliError):
    """Something tried to use the network while ``--no-network`` was in force."""


def _blocked(what: str) -> NetworkBlocked:
    return NetworkBlocked(f"已用 --no-network 禁止联网，但运行中有代码试图连接 {what}。没有任何数据发出；"
                          "报告没有生成。工具包本身从不联网，请把这条信息告诉工具包的维护者。")


def _host(address) -> object:
    return address[0] if isinstance(address, tuple) and address else address


@contextlib.contextmanager
def no_network() -> Iterator[None]:
    """Block host name lookups and internet connections (except to this computer) inside the block.

    Examples
    --------
    >>> import socket
    >>> from zhili.reporting.offline import no_network, NetworkBlocked
    >>> with no_network():
    ...     try:
    ...         socket.create_connection(("example.org", 80), timeout=1)
    ...     except NetworkBlocked as e:
    ...         print("blocked")
    blocked
    """
    originals = (socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto,
                 socket.getaddrinfo, socket.gethostbyname, socket.gethostbyname_ex)
    connect, connect_ex, sendto, getaddrinfo, gethostbyname, gethostbyname_ex = originals
    internet = (socket.AF_INET, socket.AF_INET6)

    def check(sock, address) -> None:
        if sock.family in internet and _host(address) not in _LOCAL:
            raise _blocked(repr(address))

    def guarded_connect(self, address):
        check(self, address)
        return connect(self, address)

    def guarded_connect_ex(self, address):
        check(self, address)
        return connect_ex(self, address)

    def guarded_sendto(self, data, *args):
        check(self, args[-1])
        return sendto(self, data, *args)

    def guarded_getaddrinfo(host, *args, **kwargs):
        if host not in _LOCAL:
            raise _blocked(str(host))
        return getaddrinfo(host, *args, **kwargs)

    def guarded_gethostbyname(host):
        if host not in _LOCAL:
            raise _blocked(str(host))
        return gethostbyname(host)

    def guarded_gethostbyname_ex(host):
        if host not in _LOCAL:
            raise _blocked(str(host))
        return gethostbyname_ex(host)

    socket.socket.connect = guarded_connect
    socket.socket.connect_ex = guarded_connect_ex
    socket.socket.sendto = guarded_sendto
    socket.getaddrinfo = guarded_getaddrinfo
    socket.gethostbyname = guarded_gethostbyname
    socket.gethostbyname_ex = guarded_gethostbyname_ex
    try:
        yield
    finally:
        (socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto,
         socket.getaddrinfo, socket.gethostbyname, socket.gethostbyname_ex) = originals
