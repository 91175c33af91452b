# One central and three peripherals at once. On each link the peripheral notifies the central and
# both stream over an L2CAP channel in both directions (then the peripheral notifies that all its
# data is in); the central checks that each notification and each stream came from the peripheral
# of that link, intact and in order.

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
_IRQ_GATTC_NOTIFY = const(18)
_IRQ_L2CAP_CONNECT = const(23)
_IRQ_L2CAP_DISCONNECT = const(24)
_IRQ_L2CAP_SEND_READY = const(26)

_PERIPHERALS = const(3)
_PSM = const(0x80)
_MTU = const(256)
_NOTIFICATIONS = const(5)
_STREAM_LEN = const(3000)
_PATTERN_PERIOD = const(251)
_PATTERN = bytes(i % _PATTERN_PERIOD for i in range(_PATTERN_PERIOD + 260))

_SERVICE_UUID = bluetooth.UUID("A5A5A5A5-FFFF-9999-1111-5A5A5A5A5A5A")
_CHAR_UUID = bluetooth.UUID("00000000-1111-2222-3333-444444444444")
_SERVICE = (_SERVICE_UUID, ((_CHAR_UUID, bluetooth.FLAG_READ | bluetooth.FLAG_NOTIFY),))

links = []  # conn_handle of each link, in the order they came up
channels = {}  # conn_handle -> cid
closed = []
notified = {}  # conn_handle -> payloads
send_ready = set()


def irq(event, data):
    if event == _IRQ_CENTRAL_CONNECT or event == _IRQ_PERIPHERAL_CONNECT:
        links.append(data[0])
    elif event == _IRQ_CENTRAL_DISCONNECT or event == _IRQ_PERIPHERAL_DISCONNECT:
        closed.append(("link", data[0]))
    elif event == _IRQ_GATTC_NOTIFY:
        conn_handle, value_handle, payload = data
        notified.setdefault(conn_handle, []).append(bytes(payload))
    elif event == _IRQ_L2CAP_CONNECT:
        conn_handle, cid, psm, our_mtu, peer_mtu = data
        channels[conn_handle] = cid
    elif event == _IRQ_L2CAP_DISCONNECT:
        conn_handle, cid, psm, status = data
        closed.append(("channel", conn_handle, status))
    elif event == _IRQ_L2CAP_SEND_READY:
        conn_handle, cid, status = data
        send_ready.add(conn_handle)


def wait_until(cond, what):
    t0 = time.ticks_ms()
    while not cond():
        if time.ticks_diff(time.ticks_ms(), t0) > TIMEOUT_MS:
            raise ValueError("Timeout waiting for " + what)
        machine.idle()


# Streams both ways on every link's channel at once; stream k's pattern is shifted by the sender's
# number (0-2: the peripherals, 3: the central), so data of another link shows.
def stream(conn_handles, me, peers):
    n = len(conn_handles)
    sent = [0] * n
    received = [0] * n
    intact = [True] * n
    stalled = [False] * n
    rbuf = bytearray(_MTU)
    t0 = time.ticks_ms()
    while min(sent) < _STREAM_LEN or min(received) < _STREAM_LEN:
        if time.ticks_diff(time.ticks_ms(), t0) > TIMEOUT_MS:
            raise ValueError("Timeout streaming {} {}".format(sent, received))
        for k in range(n):
            conn_handle = conn_handles[k]
            cid = channels[conn_handle]
            if conn_handle in send_ready:
                send_ready.discard(conn_handle)
                stalled[k] = False
            if sent[k] < _STREAM_LEN and not stalled[k]:
                size = min(_MTU - 7 * k, _STREAM_LEN - sent[k])
                start = (sent[k] + 41 * me) % _PATTERN_PERIOD
                stalled[k] = not ble.l2cap_send(conn_handle, cid, _PATTERN[start : start + size])
                sent[k] += size
            while True:
                got = ble.l2cap_recvinto(conn_handle, cid, rbuf)
                if got == 0:
                    break
                start = (received[k] + 41 * peers[k]) % _PATTERN_PERIOD
                if rbuf[:got] != _PATTERN[start : start + got]:
                    intact[k] = False
                received[k] += got
        machine.idle()
    return received, intact


def peripheral(me):
    ((char_handle,),) = ble.gatts_register_services((_SERVICE,))
    ble.l2cap_listen(_PSM, _MTU)
    multitest.globals(**{"ADDR{}".format(me): ble.config("mac")})
    ble.gap_advertise(20_000, b"\x02\x01\x06\x04\xffMPY")
    multitest.next()
    try:
        wait_until(lambda: links, "central")
        conn_handle = links[0]
        wait_until(lambda: conn_handle in channels, "channel")
        for i in range(_NOTIFICATIONS):
            ble.gatts_notify(conn_handle, char_handle, "p{}-n{}".format(me, i))
        received, intact = stream([conn_handle], me, [_PERIPHERALS])
        print("stream received", received[0], "intact", intact[0])
        # Told over the link itself: the central takes its channel down only once all its data is here.
        ble.gatts_notify(conn_handle, char_handle, "p{} done".format(me))
        wait_until(lambda: len(closed) == 2, "disconnection")
        print("closed", closed[0][0], closed[0][2], closed[1][0])
    finally:
        ble.active(0)


def instance0():
    peripheral(0)


def instance1():
    peripheral(1)


def instance2():
    peripheral(2)


# Acting in central role.
def instance3():
    multitest.next()
    try:
        for k, addr in enumerate((ADDR0, ADDR1, ADDR2)):
            ble.gap_connect(*addr)
            wait_until(lambda: len(links) == k + 1, "link {}".format(k))
        print("links", len(links), "distinct", len(set(links)) == len(links))
        for conn_handle in links:
            ble.l2cap_connect(conn_handle, _PSM, _MTU)
            wait_until(lambda: conn_handle in channels, "channel")
        received, intact = stream(links, _PERIPHERALS, list(range(_PERIPHERALS)))
        wait_until(lambda: sum(len(v) for v in notified.values()) == _PERIPHERALS * (_NOTIFICATIONS + 1), "notifications")
        for k, conn_handle in enumerate(links):
            expected = ["p{}-n{}".format(k, i).encode() for i in range(_NOTIFICATIONS)]
            expected.append("p{} done".format(k).encode())
            print("link", k, "notified", notified.get(conn_handle) == expected, "stream", received[k], intact[k])
        for conn_handle in links:
            ble.l2cap_disconnect(conn_handle, channels[conn_handle])
        wait_until(lambda: len(closed) == _PERIPHERALS, "channels closed")
        print("channels closed", sorted(c[2] for c in closed))
        for conn_handle in links:
            ble.gap_disconnect(conn_handle)
        wait_until(lambda: len(closed) == 2 * _PERIPHERALS, "links closed")
        print("links closed", sorted(c[1] for c in closed if c[0] == "link") == sorted(links))
    finally:
        ble.active(0)


ble = bluetooth.BLE()
ble.active(1)
ble.irq(irq)
