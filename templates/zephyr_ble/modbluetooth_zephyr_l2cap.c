// L2CAP connection-oriented channels for the Zephyr BLE backend, on Zephyr's LE credit-based
// channels. Several channels at once (on one connection and across connections), each with its own
// MTU, up to MICROPY_BLUETOOTH_ZEPHYR_L2CAP_CHANNELS.
//
// Receiving uses CONFIG_BT_L2CAP_SEG_RECV: each segment is copied into the channel's ring buffer
// at once, and credits go back to the peer as Python's l2cap_recvinto frees room, so a slow reader
// stalls the sender instead of losing data. Python sees whole SDUs only, as with NimBLE.
// Sending copies each SDU into a buffer of a pool shared by all channels; the host segments it as
// credits allow. A channel with MICROPY_BLUETOOTH_ZEPHYR_L2CAP_TX_SDUS_PER_CHAN SDUs queued (or an
// empty pool) reports a stall, and _IRQ_L2CAP_SEND_READY once half of them are on their way.
// Copied by zblegen from templates/zephyr_ble/modbluetooth_zephyr_l2cap.c; edit it there.

#include "py/runtime.h"
#include "py/mperrno.h"
#include "py/mphal.h"

#if MICROPY_PY_BLUETOOTH && MICROPY_BLUETOOTH_ZEPHYR

#include "modbluetooth_zephyr_internal.h"

#if MICROPY_PY_BLUETOOTH_ENABLE_L2CAP_CHANNELS

#include <zephyr/bluetooth/l2cap.h>

#if !defined(CONFIG_BT_L2CAP_SEG_RECV)
#error "L2CAP channels need CONFIG_BT_L2CAP_SEG_RECV (credits follow what Python reads)"
#endif

// The largest SDU (the MTU given to l2cap_listen/l2cap_connect) a channel takes; sets the size of
// every transmit buffer.
#ifndef MICROPY_BLUETOOTH_ZEPHYR_L2CAP_MTU_MAX
#define MICROPY_BLUETOOTH_ZEPHYR_L2CAP_MTU_MAX (512)
#endif
// Transmit buffers, shared by all channels, as many as the controller-bound ACL buffers: with twice
// as many a channel sent no faster (the commit that set this has the figures), and each costs an MTU.
#ifndef MICROPY_BLUETOOTH_ZEPHYR_L2CAP_TX_BUFS
#define MICROPY_BLUETOOTH_ZEPHYR_L2CAP_TX_BUFS (CONFIG_BT_BUF_ACL_TX_COUNT)
#endif
#ifndef MICROPY_BLUETOOTH_ZEPHYR_L2CAP_TX_SDUS_PER_CHAN
#define MICROPY_BLUETOOTH_ZEPHYR_L2CAP_TX_SDUS_PER_CHAN (MICROPY_BLUETOOTH_ZEPHYR_L2CAP_TX_BUFS / 2)
#endif
// Credits a channel grants (segments of up to the MPS in flight towards us): its ring buffer holds
// that many full segments, enough for a sender to fill several connection events.
#ifndef MICROPY_BLUETOOTH_ZEPHYR_L2CAP_RX_CREDITS
#define MICROPY_BLUETOOTH_ZEPHYR_L2CAP_RX_CREDITS (16)
#endif
// PSMs listened on: Zephyr keeps a registered server for the rest of the boot (it has no
// unregister), so these are static and reused by the next l2cap_listen on the same PSM.
#ifndef MICROPY_BLUETOOTH_ZEPHYR_L2CAP_SERVERS
#define MICROPY_BLUETOOTH_ZEPHYR_L2CAP_SERVERS (4)
#endif

#define MP_ZB_L2CAP_MTU_MAX MICROPY_BLUETOOTH_ZEPHYR_L2CAP_MTU_MAX
#define MP_ZB_L2CAP_MTU_MIN (23) // the smallest MTU and MPS L2CAP allows
// A segment of at most what one link-layer packet of the longest data length carries (251 bytes with
// the L2CAP header), and what the host's receive buffers hold.
#define MP_ZB_L2CAP_MPS_MAX (MIN(BT_L2CAP_RX_MTU, 251 - BT_L2CAP_HDR_SIZE))
#define MP_ZB_L2CAP_TX_BUFS MICROPY_BLUETOOTH_ZEPHYR_L2CAP_TX_BUFS
#define MP_ZB_L2CAP_TX_CAP MICROPY_BLUETOOTH_ZEPHYR_L2CAP_TX_SDUS_PER_CHAN
#define MP_ZB_L2CAP_SERVERS MICROPY_BLUETOOTH_ZEPHYR_L2CAP_SERVERS

enum {
    MP_ZB_L2CAP_FREE,
    MP_ZB_L2CAP_CONNECTING, // ours, asked of the peer
    MP_ZB_L2CAP_CONNECTED,
    MP_ZB_L2CAP_CLOSED, // disconnected, Python told; Zephyr has yet to release it
    MP_ZB_L2CAP_REJECTED, // the peer's, refused by Python's _IRQ_L2CAP_ACCEPT: no more IRQs
};

// One channel. Zephyr links le_chan into its connection while the channel exists, so the slot
// stays put (GC memory reachable from the binding's root) until Zephyr releases it.
typedef struct _mp_zb_l2cap_chan_t {
    struct bt_l2cap_le_chan le_chan;
    uint8_t state;
    bool incoming;
    bool tx_stalled; // l2cap_send said False: _IRQ_L2CAP_SEND_READY is owed
    bool recv_queued; // an _IRQ_L2CAP_RECV is queued and not raised yet
    uint16_t conn_handle;
    uint16_t psm;
    uint16_t tx_queued; // SDUs handed to the host and not yet released by it
    // Received bytes: rx_ready of them (whole SDUs) for Python, then a partial SDU.
    uint8_t *rx_buf;
    uint16_t rx_alloc;
    uint16_t rx_head;
    uint16_t rx_len;
    uint16_t rx_ready;
} mp_zb_l2cap_chan_t;

typedef struct _mp_zb_l2cap_t {
    mp_zb_l2cap_chan_t chans[MICROPY_BLUETOOTH_ZEPHYR_L2CAP_CHANNELS];
    uint16_t listen_mtu[MP_ZB_L2CAP_SERVERS]; // 0: not listening on that server's PSM
} mp_zb_l2cap_t;

static int mp_zb_l2cap_accept(struct bt_conn *conn, struct bt_l2cap_server *server, struct bt_l2cap_chan **chan);
static void mp_zb_l2cap_tx_destroy(struct net_buf *buf);

static struct bt_l2cap_server mp_zb_l2cap_servers[MP_ZB_L2CAP_SERVERS];

NET_BUF_POOL_FIXED_DEFINE(mp_zb_l2cap_tx_pool, MP_ZB_L2CAP_TX_BUFS, BT_L2CAP_SDU_BUF_SIZE(MP_ZB_L2CAP_MTU_MAX),
    CONFIG_BT_CONN_TX_USER_DATA_SIZE, mp_zb_l2cap_tx_destroy);

// Which channel each transmit buffer belongs to (slot index + 1; 0: none). The host overwrites a
// buffer's user data, so this is kept beside the pool.
static uint8_t mp_zb_l2cap_tx_owner[MP_ZB_L2CAP_TX_BUFS];
static size_t mp_zb_l2cap_tx_in_use;

static mp_zb_l2cap_t *mp_zb_l2cap(void) {
    return MP_ZB_ROOT != NULL ? MP_ZB_ROOT->l2cap : NULL;
}

// The channels' state, made at the first use in each activation (a new root starts without one).
static mp_zb_l2cap_t *mp_zb_l2cap_get_or_create(void) {
    if (MP_ZB_ROOT->l2cap == NULL) {
        MP_ZB_ROOT->l2cap = m_new0(mp_zb_l2cap_t, 1);
    }
    return MP_ZB_ROOT->l2cap;
}

static mp_zb_l2cap_chan_t *mp_zb_l2cap_from_chan(struct bt_l2cap_chan *chan) {
    return CONTAINER_OF(BT_L2CAP_LE_CHAN(chan), mp_zb_l2cap_chan_t, le_chan);
}

static mp_zb_l2cap_chan_t *mp_zb_l2cap_find(uint16_t conn_handle, uint16_t cid) {
    mp_zb_l2cap_t *l2cap = mp_zb_l2cap();
    if (l2cap == NULL || mp_zb_state != MP_ZB_STATE_ACTIVE) {
        return NULL;
    }
    for (size_t i = 0; i < MICROPY_BLUETOOTH_ZEPHYR_L2CAP_CHANNELS; ++i) {
        mp_zb_l2cap_chan_t *ch = &l2cap->chans[i];
        if (ch->state != MP_ZB_L2CAP_FREE && ch->conn_handle == conn_handle && ch->le_chan.rx.cid == cid) {
            return ch;
        }
    }
    return NULL;
}

static void mp_zb_l2cap_queue(mp_zb_l2cap_chan_t *ch, uint8_t irq, uint16_t v2, uint16_t v3) {
    mp_zb_event_t *e = mp_zb_event_push(MP_ZB_EVENT_L2CAP, ch->conn_handle);
    if (e != NULL) {
        e->irq = irq;
        e->v[0] = ch->le_chan.rx.cid;
        e->v[1] = ch->psm;
        e->v[2] = v2;
        e->v[3] = v3;
    }
}

// ---------------------------------------------------------------------------
// Receiving.

static uint16_t mp_zb_l2cap_mps(uint16_t mtu) {
    // One segment per link-layer packet when the SDU is that long; never below L2CAP's minimum.
    return MAX(MP_ZB_L2CAP_MTU_MIN, MIN(MP_ZB_L2CAP_MPS_MAX, mtu + BT_L2CAP_SDU_HDR_SIZE));
}

static const struct bt_l2cap_chan_ops mp_zb_l2cap_ops;

// Sets up a free slot for a channel with this receive MTU.
static void mp_zb_l2cap_init_chan(mp_zb_l2cap_chan_t *ch, uint16_t conn_handle, uint16_t psm, uint16_t mtu) {
    uint16_t mps = mp_zb_l2cap_mps(mtu);
    // Room for every segment the credits allow, and for at least one whole SDU.
    uint16_t credits = MAX(MICROPY_BLUETOOTH_ZEPHYR_L2CAP_RX_CREDITS, (mtu + BT_L2CAP_SDU_HDR_SIZE + mps - 1) / mps + 1);
    uint8_t *rx_buf = ch->rx_buf;
    size_t rx_alloc = (size_t)credits * mps;
    if (rx_buf == NULL || ch->rx_alloc != rx_alloc) {
        // The ring of a slot's previous channel is reused when it is the same size.
        rx_buf = m_new(uint8_t, rx_alloc);
    }
    memset(ch, 0, sizeof(*ch));
    ch->rx_buf = rx_buf;
    ch->rx_alloc = rx_alloc;
    ch->conn_handle = conn_handle;
    ch->psm = psm;
    ch->le_chan.chan.ops = &mp_zb_l2cap_ops;
    ch->le_chan.rx.mtu = mtu;
    ch->le_chan.rx.mps = mps;
    atomic_set(&ch->le_chan.rx.credits, credits);
    ch->le_chan.required_sec_level = BT_SECURITY_L1;
}

static mp_zb_l2cap_chan_t *mp_zb_l2cap_alloc(void) {
    mp_zb_l2cap_t *l2cap = mp_zb_l2cap_get_or_create();
    for (size_t i = 0; i < MICROPY_BLUETOOTH_ZEPHYR_L2CAP_CHANNELS; ++i) {
        if (l2cap->chans[i].state == MP_ZB_L2CAP_FREE) {
            return &l2cap->chans[i];
        }
    }
    return NULL;
}

// Gives the peer the credits the free room in the ring allows beyond those it holds. In batches
// (a quarter of the ring, or all once Python has read everything) to keep credit PDUs few.
static void mp_zb_l2cap_give_credits(mp_zb_l2cap_chan_t *ch) {
    if (ch->state != MP_ZB_L2CAP_CONNECTED) {
        return;
    }
    uint16_t mps = ch->le_chan.rx.mps;
    int room = (ch->rx_alloc - ch->rx_len) / mps;
    int more = room - (int)atomic_get(&ch->le_chan.rx.credits);
    int total = ch->rx_alloc / mps;
    if (more > 0 && (more >= MAX(1, total / 4) || ch->rx_len == 0)) {
        bt_l2cap_chan_give_credits(&ch->le_chan.chan, more);
    }
}

// Each segment uses up one of the peer's credits: the ring always has room for it.
static void mp_zb_l2cap_seg_recv(struct bt_l2cap_chan *chan, size_t sdu_len, off_t seg_offset, struct net_buf_simple *seg) {
    mp_zb_l2cap_chan_t *ch = mp_zb_l2cap_from_chan(chan);
    if (ch->rx_len + seg->len > ch->rx_alloc) {
        bt_l2cap_chan_disconnect(chan);
        return;
    }
    size_t tail = (ch->rx_head + ch->rx_len) % ch->rx_alloc;
    size_t first = MIN(seg->len, ch->rx_alloc - tail);
    memcpy(ch->rx_buf + tail, seg->data, first);
    memcpy(ch->rx_buf, seg->data + first, seg->len - first);
    ch->rx_len += seg->len;
    if ((size_t)seg_offset + seg->len == sdu_len) {
        ch->rx_ready = ch->rx_len;
        if (!ch->recv_queued && ch->state == MP_ZB_L2CAP_CONNECTED) {
            ch->recv_queued = true;
            mp_zb_l2cap_queue(ch, MP_BLUETOOTH_IRQ_L2CAP_RECV, 0, 0);
        }
    }
}

// ---------------------------------------------------------------------------
// Sending.

static size_t mp_zb_l2cap_index(const mp_zb_l2cap_t *l2cap, const mp_zb_l2cap_chan_t *ch) {
    return ch - l2cap->chans;
}

// Channels that may still send without waiting for _IRQ_L2CAP_SEND_READY, other than this one.
static size_t mp_zb_l2cap_senders_besides(const mp_zb_l2cap_t *l2cap, const mp_zb_l2cap_chan_t *ch) {
    size_t n = 0;
    for (size_t i = 0; i < MICROPY_BLUETOOTH_ZEPHYR_L2CAP_CHANNELS; ++i) {
        const mp_zb_l2cap_chan_t *other = &l2cap->chans[i];
        n += other != ch && other->state == MP_ZB_L2CAP_CONNECTED && !other->tx_stalled;
    }
    return n;
}

// Whether this channel may go on sending: below its share of SDUs in flight, and with a free buffer
// left for it after one for each other channel that may send. So a channel not told to wait always
// finds a buffer.
static bool mp_zb_l2cap_may_send(const mp_zb_l2cap_t *l2cap, const mp_zb_l2cap_chan_t *ch, size_t queued_limit) {
    size_t free_bufs = MP_ZB_L2CAP_TX_BUFS - mp_zb_l2cap_tx_in_use;
    return ch->tx_queued < queued_limit && free_bufs >= mp_zb_l2cap_senders_besides(l2cap, ch) + 1;
}

// A channel told to wait may send again once half its queue is free (and a buffer is there for it).
static void mp_zb_l2cap_unstall(mp_zb_l2cap_t *l2cap, mp_zb_l2cap_chan_t *ch) {
    if (ch->tx_stalled && ch->state == MP_ZB_L2CAP_CONNECTED && mp_zb_l2cap_may_send(l2cap, ch, MP_ZB_L2CAP_TX_CAP / 2 + 1)) {
        ch->tx_stalled = false;
        mp_zb_l2cap_queue(ch, MP_BLUETOOTH_IRQ_L2CAP_SEND_READY, 0, 0);
    }
}

// The host is done with an SDU (sent to the controller, or dropped with its channel).
static void mp_zb_l2cap_tx_destroy(struct net_buf *buf) {
    int id = net_buf_id(buf);
    uint8_t owner = mp_zb_l2cap_tx_owner[id];
    mp_zb_l2cap_tx_owner[id] = 0;
    --mp_zb_l2cap_tx_in_use;
    net_buf_destroy(buf);
    mp_zb_l2cap_t *l2cap = mp_zb_l2cap();
    if (l2cap == NULL) {
        return;
    }
    if (owner != 0 && l2cap->chans[owner - 1].tx_queued > 0) {
        --l2cap->chans[owner - 1].tx_queued;
    }
    // A freed buffer may also be what another channel waits for.
    for (size_t i = 0; i < MICROPY_BLUETOOTH_ZEPHYR_L2CAP_CHANNELS; ++i) {
        mp_zb_l2cap_unstall(l2cap, &l2cap->chans[i]);
    }
}

// ---------------------------------------------------------------------------
// The channel's life, as Zephyr reports it.

static void mp_zb_l2cap_connected(struct bt_l2cap_chan *chan) {
    mp_zb_l2cap_chan_t *ch = mp_zb_l2cap_from_chan(chan);
    ch->state = MP_ZB_L2CAP_CONNECTED;
    uint16_t our_mtu = ch->le_chan.rx.mtu;
    uint16_t peer_mtu = ch->le_chan.tx.mtu;
    if (ch->incoming) {
        // Raised once the peer's MTU is known; Python may still refuse it (mp_zb_l2cap_raise).
        mp_zb_l2cap_queue(ch, MP_BLUETOOTH_IRQ_L2CAP_ACCEPT, our_mtu, peer_mtu);
    }
    mp_zb_l2cap_queue(ch, MP_BLUETOOTH_IRQ_L2CAP_CONNECT, our_mtu, peer_mtu);
}

// Also called when our connection request fails: NimBLE reports that with a non-zero status.
static void mp_zb_l2cap_disconnected(struct bt_l2cap_chan *chan) {
    mp_zb_l2cap_chan_t *ch = mp_zb_l2cap_from_chan(chan);
    if (ch->state == MP_ZB_L2CAP_REJECTED) {
        return;
    }
    uint16_t status = ch->state == MP_ZB_L2CAP_CONNECTING ? MP_ECONNREFUSED : 0;
    mp_zb_l2cap_queue(ch, MP_BLUETOOTH_IRQ_L2CAP_DISCONNECT, status, 0);
    ch->state = MP_ZB_L2CAP_CLOSED;
}

// Zephyr holds the channel no more: the slot (and its ring) may take the next one.
static void mp_zb_l2cap_released(struct bt_l2cap_chan *chan) {
    mp_zb_l2cap_chan_t *ch = mp_zb_l2cap_from_chan(chan);
    mp_zb_l2cap_t *l2cap = mp_zb_l2cap();
    if (l2cap != NULL) {
        uint8_t owner = mp_zb_l2cap_index(l2cap, ch) + 1;
        for (size_t i = 0; i < MP_ZB_L2CAP_TX_BUFS; ++i) {
            if (mp_zb_l2cap_tx_owner[i] == owner) {
                mp_zb_l2cap_tx_owner[i] = 0;
            }
        }
    }
    ch->state = MP_ZB_L2CAP_FREE;
}

static const struct bt_l2cap_chan_ops mp_zb_l2cap_ops = {
    .connected = mp_zb_l2cap_connected,
    .disconnected = mp_zb_l2cap_disconnected,
    .released = mp_zb_l2cap_released,
    .seg_recv = mp_zb_l2cap_seg_recv,
};

static int mp_zb_l2cap_accept(struct bt_conn *conn, struct bt_l2cap_server *server, struct bt_l2cap_chan **chan) {
    mp_zb_l2cap_t *l2cap = mp_zb_l2cap();
    size_t s = server - mp_zb_l2cap_servers;
    uint16_t conn_handle = mp_zb_conn_handle(conn);
    if (l2cap == NULL || l2cap->listen_mtu[s] == 0 || conn_handle == MP_ZB_CONN_HANDLE_NONE || !mp_zb_python_sees_events()) {
        // Not listening (any more) on this PSM in this activation.
        return -EACCES;
    }
    mp_zb_l2cap_chan_t *ch = mp_zb_l2cap_alloc();
    if (ch == NULL) {
        return -ENOMEM;
    }
    mp_zb_l2cap_init_chan(ch, conn_handle, server->psm, l2cap->listen_mtu[s]);
    ch->incoming = true;
    ch->state = MP_ZB_L2CAP_CONNECTING;
    *chan = &ch->le_chan.chan;
    return 0;
}

// Zephyr 4.1 frees an SDU longer than one segment while it is still queued when the link drops
// under it (the flush of a link no longer connected pulls each PDU as if it ended its SDU), and then
// reads it again. So the transport calls this as the controller reports the link down, before the
// host sees it, and the link's queued SDUs go now, as the host would drop them.
void mp_bluetooth_zephyr_h4_link_lost(uint16_t conn_handle) {
    mp_zb_l2cap_t *l2cap = mp_zb_l2cap();
    for (size_t i = 0; l2cap != NULL && i < MICROPY_BLUETOOTH_ZEPHYR_L2CAP_CHANNELS; ++i) {
        mp_zb_l2cap_chan_t *ch = &l2cap->chans[i];
        if (ch->state == MP_ZB_L2CAP_FREE || ch->conn_handle != conn_handle || ch->le_chan.chan.conn == NULL) {
            continue;
        }
        struct net_buf *sdu;
        while ((sdu = k_fifo_get(&ch->le_chan.tx_queue, K_NO_WAIT)) != NULL) {
            net_buf_unref(sdu);
        }
    }
}

// Raises one queued L2CAP event (modbluetooth_zephyr.c's event loop).
void mp_zb_l2cap_raise(const mp_zb_event_t *e) {
    uint16_t cid = e->v[0], psm = e->v[1];
    switch (e->irq) {
        case MP_BLUETOOTH_IRQ_L2CAP_ACCEPT:
            if (mp_bluetooth_on_l2cap_accept(e->conn_handle, cid, psm, e->v[2], e->v[3]) != 0) {
                // Refused: the peer sees the channel close; Python hears nothing more of it.
                mp_zb_l2cap_chan_t *ch = mp_zb_l2cap_find(e->conn_handle, cid);
                if (ch != NULL) {
                    ch->state = MP_ZB_L2CAP_REJECTED;
                    bt_l2cap_chan_disconnect(&ch->le_chan.chan);
                }
            }
            break;
        case MP_BLUETOOTH_IRQ_L2CAP_CONNECT: {
            mp_zb_l2cap_chan_t *ch = mp_zb_l2cap_find(e->conn_handle, cid);
            if (ch == NULL || ch->state != MP_ZB_L2CAP_REJECTED || !ch->incoming) {
                mp_bluetooth_on_l2cap_connect(e->conn_handle, cid, psm, e->v[2], e->v[3]);
            }
            break;
        }
        case MP_BLUETOOTH_IRQ_L2CAP_DISCONNECT:
            mp_bluetooth_on_l2cap_disconnect(e->conn_handle, cid, psm, e->v[2]);
            break;
        case MP_BLUETOOTH_IRQ_L2CAP_RECV: {
            mp_zb_l2cap_chan_t *ch = mp_zb_l2cap_find(e->conn_handle, cid);
            if (ch != NULL) {
                // Data arriving from here on gets an IRQ of its own.
                ch->recv_queued = false;
            }
            mp_bluetooth_on_l2cap_recv(e->conn_handle, cid);
            break;
        }
        case MP_BLUETOOTH_IRQ_L2CAP_SEND_READY:
            mp_bluetooth_on_l2cap_send_ready(e->conn_handle, cid, 0);
            break;
    }
}

// ---------------------------------------------------------------------------
// The backend functions of extmod/modbluetooth.h.

static int mp_zb_l2cap_check_mtu(uint16_t mtu) {
    return mtu < MP_ZB_L2CAP_MTU_MIN || mtu > MP_ZB_L2CAP_MTU_MAX ? MP_EINVAL : 0;
}

int mp_bluetooth_l2cap_listen(uint16_t psm, uint16_t mtu) {
    if (!mp_bluetooth_is_active()) {
        return MP_ENODEV;
    }
    int err = mp_zb_l2cap_check_mtu(mtu);
    if (err) {
        return err;
    }
    mp_zb_l2cap_t *l2cap = mp_zb_l2cap_get_or_create();
    size_t free_server = MP_ZB_L2CAP_SERVERS;
    for (size_t i = 0; i < MP_ZB_L2CAP_SERVERS; ++i) {
        struct bt_l2cap_server *server = &mp_zb_l2cap_servers[i];
        if (server->psm == psm && server->accept != NULL) {
            if (l2cap->listen_mtu[i] != 0) {
                // As NimBLE's backend: listening twice is refused.
                return MP_EALREADY;
            }
            l2cap->listen_mtu[i] = mtu;
            return 0;
        }
        if (server->accept == NULL && free_server == MP_ZB_L2CAP_SERVERS) {
            free_server = i;
        }
    }
    if (free_server == MP_ZB_L2CAP_SERVERS) {
        return MP_ENOMEM;
    }
    struct bt_l2cap_server *server = &mp_zb_l2cap_servers[free_server];
    server->psm = psm;
    server->sec_level = BT_SECURITY_L1;
    server->accept = mp_zb_l2cap_accept;
    err = bt_l2cap_server_register(server);
    if (err) {
        memset(server, 0, sizeof(*server));
        return mp_zb_errno(err);
    }
    l2cap->listen_mtu[free_server] = mtu;
    return 0;
}

int mp_bluetooth_l2cap_connect(uint16_t conn_handle, uint16_t psm, uint16_t mtu) {
    mp_zb_conn_t *c = mp_zb_conn_by_handle(conn_handle);
    if (c == NULL) {
        return MP_ENOTCONN;
    }
    int err = mp_zb_l2cap_check_mtu(mtu);
    if (err) {
        return err;
    }
    mp_zb_l2cap_chan_t *ch = mp_zb_l2cap_alloc();
    if (ch == NULL) {
        return MP_ENOMEM;
    }
    mp_zb_l2cap_init_chan(ch, conn_handle, psm, mtu);
    ch->state = MP_ZB_L2CAP_CONNECTING;
    err = bt_l2cap_chan_connect(c->conn, &ch->le_chan.chan, psm);
    if (err) {
        ch->state = MP_ZB_L2CAP_FREE;
        return mp_zb_errno(err);
    }
    return 0;
}

int mp_bluetooth_l2cap_disconnect(uint16_t conn_handle, uint16_t cid) {
    mp_zb_l2cap_chan_t *ch = mp_zb_l2cap_find(conn_handle, cid);
    if (ch == NULL || ch->state == MP_ZB_L2CAP_REJECTED || ch->state == MP_ZB_L2CAP_CLOSED) {
        return MP_EINVAL;
    }
    return mp_zb_errno(bt_l2cap_chan_disconnect(&ch->le_chan.chan));
}

int mp_bluetooth_l2cap_send(uint16_t conn_handle, uint16_t cid, const uint8_t *buf, size_t len, bool *stalled) {
    mp_zb_l2cap_chan_t *ch = mp_zb_l2cap_find(conn_handle, cid);
    if (ch == NULL || ch->state != MP_ZB_L2CAP_CONNECTED) {
        return MP_EINVAL;
    }
    if (len > ch->le_chan.tx.mtu || len > MP_ZB_L2CAP_MTU_MAX) {
        return MP_EINVAL;
    }
    if (ch->tx_queued >= MP_ZB_L2CAP_TX_CAP) {
        // Sent again without waiting for _IRQ_L2CAP_SEND_READY; NimBLE says EBUSY.
        ch->tx_stalled = true;
        return MP_EBUSY;
    }
    struct net_buf *sdu = net_buf_alloc(&mp_zb_l2cap_tx_pool, K_NO_WAIT);
    if (sdu == NULL) {
        ch->tx_stalled = true;
        return MP_ENOMEM;
    }
    ++mp_zb_l2cap_tx_in_use;
    net_buf_reserve(sdu, BT_L2CAP_SDU_CHAN_SEND_RESERVE);
    net_buf_add_mem(sdu, buf, len);
    mp_zb_l2cap_t *l2cap = mp_zb_l2cap();
    mp_zb_l2cap_tx_owner[net_buf_id(sdu)] = mp_zb_l2cap_index(l2cap, ch) + 1;
    ++ch->tx_queued;
    int err = bt_l2cap_chan_send(&ch->le_chan.chan, sdu);
    if (err) {
        net_buf_unref(sdu);
        return mp_zb_errno(err);
    }
    ch->tx_stalled = !mp_zb_l2cap_may_send(l2cap, ch, MP_ZB_L2CAP_TX_CAP);
    *stalled = ch->tx_stalled;
    return 0;
}

int mp_bluetooth_l2cap_recvinto(uint16_t conn_handle, uint16_t cid, uint8_t *buf, size_t *len) {
    mp_zb_l2cap_chan_t *ch = mp_zb_l2cap_find(conn_handle, cid);
    if (ch == NULL) {
        return MP_EINVAL;
    }
    if (buf == NULL) {
        // A poll: how much is there to read.
        *len = ch->rx_ready;
        return 0;
    }
    size_t n = MIN(*len, (size_t)ch->rx_ready);
    size_t first = MIN(n, (size_t)(ch->rx_alloc - ch->rx_head));
    memcpy(buf, ch->rx_buf + ch->rx_head, first);
    memcpy(buf + first, ch->rx_buf, n - first);
    ch->rx_head = (ch->rx_head + n) % ch->rx_alloc;
    ch->rx_len -= n;
    ch->rx_ready -= n;
    *len = n;
    mp_zb_l2cap_give_credits(ch);
    return 0;
}

#endif // MICROPY_PY_BLUETOOTH_ENABLE_L2CAP_CHANNELS

#endif // MICROPY_PY_BLUETOOTH && MICROPY_BLUETOOTH_ZEPHYR
