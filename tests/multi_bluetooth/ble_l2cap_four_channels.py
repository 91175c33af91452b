# Four L2CAP channels on one connection, on two PSMs with four MTUs, streaming both ways at once.
# Each stream carries its own pattern, so a byte lost, repeated, reordered or sent down another
# channel shows; every stream's bytes are checked in order.

from micropython import const
import time, machine, bluetooth

if not hasattr(bluetooth.BLE, "l2cap_connect"):
    print("SKIP")
    raise SystemExit

TIMEOUT_MS = 10_000

_IRQ_CENTRAL_CONNECT = const(1)
_IRQ_CENTRAL_DISCONNECT = const(2)
_IRQ_PERIPHERAL_CONNECT = const(7)
_IRQ_PERIPHERAL_DISCONNECT = const(8)
_IRQ_L2CAP_ACCEPT = const(22)
_IRQ_L2CAP_CONNECT = const(23)
_IRQ_L2CAP_DISCONNECT = const(24)
_IRQ_L2CAP_RECV = const(25)
_IRQ_L2CAP_SEND_READY = const(26)

_PSM_A = const(0x80)
_PSM_B = const(0x81)
_LISTEN_MTU = {_PSM_A: 512, _PSM_B: 200}
# The central's channels: (PSM, its MTU).
_CHANNELS = ((_PSM_A, 512), (_PSM_A, 300), (_PSM_B, 160), (_PSM_B, 100))
_STREAM_LEN = const(6000)
_PATTERN_PERIOD = const(251)
_PATTERN = bytes(i % _PATTERN_PERIOD for i in range(_PATTERN_PERIOD + 520))

connected = []
disconnected = []
send_ready = set()
waiting_events = {}


def irq(event, data):
    if event == _IRQ_CENTRAL_CONNECT or event == _IRQ_PERIPHERAL_CONNECT:
        waiting_events[event] = data[0]
    elif event == _IRQ_CENTRAL_DISCONNECT or event == _IRQ_PERIPHERAL_DISCONNECT:
        waiting_events[event] = None
    elif event == _IRQ_L2CAP_ACCEPT:
        conn_handle, cid, psm, our_mtu, peer_mtu = data
        print("_IRQ_L2CAP_ACCEPT", psm, our_mtu, peer_mtu)
    elif event == _IRQ_L2CAP_CONNECT:
        conn_handle, cid, psm, our_mtu, peer_mtu = data
        print("_IRQ_L2CAP_CONNECT", psm, our_mtu, peer_mtu)
        connected.append((cid, peer_mtu))
    elif event == _IRQ_L2CAP_DISCONNECT:
        conn_handle, cid, psm, status = data
        disconnected.append((cid, psm, status))
    elif event == _IRQ_L2CAP_SEND_READY:
        conn_handle, cid, status = data
        send_ready.add(cid)


def wait_until(cond, what):
    t0 = time.ticks_ms()
    while not cond():
        if time.ticks_diff(time.ticks_ms(), t0) > TIMEOUT_MS:
            raise ValueError("Timeout waiting for " + what)
        machine.idle()


def wait_for_event(event):
    wait_until(lambda: event in waiting_events, str(event))
    return waiting_events.pop(event)


# Sends and receives on every channel at once until each stream is through both ways.
def stream(conn_handle):
    n = len(connected)
    sent = [0] * n
    received = [0] * n
    intact = [True] * n
    stalled = [False] * n
    # Each channel's own SDU size, below the peer's MTU and unlike the others.
    sdu = [min(peer_mtu, 512) - 13 * k for k, (cid, peer_mtu) in enumerate(connected)]
    rbuf = bytearray(512)
    t0 = time.ticks_ms()
    while min(sent) < _STREAM_LEN or min(received) < _STREAM_LEN:
        if time.ticks_diff(time.ticks_ms(), t0) > TIMEOUT_MS:
            raise ValueError("Timeout streaming {} {}".format(sent, received))
        for k in range(n):
            cid = connected[k][0]
            if cid in send_ready:
                send_ready.discard(cid)
                stalled[k] = False
            if sent[k] < _STREAM_LEN and not stalled[k]:
                size = min(sdu[k], _STREAM_LEN - sent[k])
                start = (sent[k] + 37 * k) % _PATTERN_PERIOD
                stalled[k] = not ble.l2cap_send(conn_handle, cid, _PATTERN[start : start + size])
                sent[k] += size
            while True:
                got = ble.l2cap_recvinto(conn_handle, cid, rbuf)
                if got == 0:
                    break
                start = (received[k] + 37 * k) % _PATTERN_PERIOD
                if rbuf[:got] != _PATTERN[start : start + got]:
                    intact[k] = False
                received[k] += got
        machine.idle()
    for k in range(n):
        print("stream", k, "received", received[k], "intact", intact[k])


# Acting in peripheral role.
def instance0():
    multitest.globals(BDADDR=ble.config("mac"))
    for psm, mtu in _LISTEN_MTU.items():
        ble.l2cap_listen(psm, mtu)
    try:
        # Listening twice on one PSM is refused, as NimBLE refuses it.
        ble.l2cap_listen(_PSM_A, 100)
    except OSError as e:
        print("listen again:", e.errno == 114)
    ble.gap_advertise(20_000, b"\x02\x01\x06\x04\xffMPY")
    multitest.next()
    try:
        conn_handle = wait_for_event(_IRQ_CENTRAL_CONNECT)
        wait_until(lambda: len(connected) == len(_CHANNELS), "channels")
        stream(conn_handle)
        multitest.broadcast("peripheral done")
        wait_until(lambda: len(disconnected) == len(_CHANNELS), "channels closed")
        print("closed", sorted(s for cid, psm, s in disconnected))
        wait_for_event(_IRQ_CENTRAL_DISCONNECT)
        print("disconnected")
    finally:
        ble.active(0)


# Acting in central role.
def instance1():
    multitest.next()
    try:
        ble.gap_connect(*BDADDR)
        conn_handle = wait_for_event(_IRQ_PERIPHERAL_CONNECT)
        for k, (psm, mtu) in enumerate(_CHANNELS):
            ble.l2cap_connect(conn_handle, psm, mtu)
            wait_until(lambda: len(connected) == k + 1, "channel")
        cids = [cid for cid, peer_mtu in connected]
        print("distinct cids", len(set(cids)) == len(cids))
        stream(conn_handle)
        multitest.wait("peripheral done")
        for cid in cids:
            ble.l2cap_disconnect(conn_handle, cid)
        wait_until(lambda: len(disconnected) == len(_CHANNELS), "channels closed")
        print("closed", sorted(s for cid, psm, s in disconnected))
        ble.gap_disconnect(conn_handle)
        wait_for_event(_IRQ_PERIPHERAL_DISCONNECT)
        print("disconnected")
    finally:
        ble.active(0)


ble = bluetooth.BLE()
ble.active(1)
ble.irq(irq)
