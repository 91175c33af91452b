// H4 framing for the Zephyr host: see zephyr_ble_h4.h.

#include <errno.h>
#include <string.h>
#include <zephyr/kernel.h>
#include <zephyr/device.h>
#include <zephyr/drivers/bluetooth.h>
#include <zephyr/bluetooth/buf.h>
#include <zephyr/bluetooth/hci_types.h>
#include <zephyr/sys/byteorder.h>
#include <zephyr/logging/log.h>
#include "zephyr_ble_h4.h"
#include "zephyr_ble_hci_guard.h"

LOG_MODULE_REGISTER(mp_bt_h4, LOG_LEVEL_WRN);

// ATT notifications/indications seen on the way in (see mp_bluetooth_zephyr_h4_take_att_value_op).
#define MP_H4_ATT_SEEN_MAX (8)
#define MP_H4_L2CAP_CID_ATT (0x0004)
// ATT opcodes (Core Specification Vol 3 Part F 3.4): the host keeps its own in a private header.
#define MP_H4_ATT_OP_MTU_REQ (0x02)
#define MP_H4_ATT_OP_MTU_RSP (0x03)
#define MP_H4_ATT_OP_NOTIFY (0x1b)
#define MP_H4_ATT_OP_INDICATE (0x1d)

struct mp_h4_att_seen {
    uint16_t conn_handle;
    uint16_t attr_handle;
    uint8_t opcode; // 0: free
};

// Links the controller reported up (see mp_bluetooth_zephyr_h4_conn_handle).
#define MP_H4_CONN_SEEN_MAX (4)
// LE Meta subevents that report a new link (Core spec Vol 4 Part E 7.7.65.1, 7.7.65.10, 7.7.65.29):
// status, handle, role, peer address type and peer address open each.
#define MP_H4_LE_CONN_COMPLETE (0x01)
#define MP_H4_LE_ENH_CONN_COMPLETE (0x0a)
#define MP_H4_LE_ENH_CONN_COMPLETE_V2 (0x29)

struct mp_h4_conn_seen {
    uint16_t handle;
    uint8_t role;
    uint8_t peer[6];
    bool used;
};

enum mp_h4_state { MP_H4_SYNC, MP_H4_TYPE, MP_H4_HEADER, MP_H4_BUFFER, MP_H4_PAYLOAD };

// The start of the controller's answer to HCI Reset, the host's first command: H4 event, Command
// Complete, 4 parameter bytes, Num_HCI_Command_Packets (any), opcode 0x0C03; the status follows.
#define MP_H4_SYNC_LEN (6)
static const uint8_t mp_h4_reset_complete[MP_H4_SYNC_LEN] = { BT_HCI_H4_EVT, BT_HCI_EVT_CMD_COMPLETE, 4, 0, 0x03, 0x0c };

// One packet in flight from the controller. Header bytes are kept here until a buffer is got,
// so an empty pool only delays the packet.
static struct {
    bt_hci_recv_t recv;
    enum mp_h4_state state;
    // MP_H4_SYNC: the last bytes read, matched against mp_h4_reset_complete; then read again.
    uint8_t sync[MP_H4_SYNC_LEN];
    uint8_t sync_have;
    uint8_t sync_replayed;
    uint8_t type;
    uint8_t header[4];
    uint8_t header_len;
    uint8_t header_have;
    uint16_t remaining;
    struct net_buf *buf;
    struct mp_bluetooth_zephyr_h4_stats stats;
    struct mp_h4_att_seen att_seen[MP_H4_ATT_SEEN_MAX];
    uint8_t att_seen_next;
    struct mp_h4_conn_seen conn_seen[MP_H4_CONN_SEEN_MAX];
    uint8_t conn_seen_next;
} mp_h4;

// Kept apart from mp_h4, which opening the transport clears: the setting outlives a radio cycle.
static uint16_t mp_h4_att_mtu;

void mp_bluetooth_zephyr_h4_set_att_mtu(uint16_t mtu) {
    mp_h4_att_mtu = mtu;
}

// The ATT PDU of an ACL packet that starts one (ACL header, then L2CAP length and channel), or NULL.
static uint8_t *mp_h4_att_pdu(uint8_t *acl, size_t len, size_t need) {
    if (len < 4 + 4 + need) {
        return NULL;
    }
    uint16_t handle_flags = sys_get_le16(&acl[0]);
    if (bt_acl_flags_pb(bt_acl_flags(handle_flags)) == BT_ACL_CONT || sys_get_le16(&acl[6]) != MP_H4_L2CAP_CID_ATT) {
        return NULL;
    }
    return &acl[8];
}

// Lowers the MTU field of an Exchange MTU request or response to the configured MTU.
static void mp_h4_clamp_att_mtu(uint8_t *acl, size_t len) {
    uint8_t *pdu = mp_h4_att_pdu(acl, len, 3);
    if (mp_h4_att_mtu == 0 || pdu == NULL || (pdu[0] != MP_H4_ATT_OP_MTU_REQ && pdu[0] != MP_H4_ATT_OP_MTU_RSP)) {
        return;
    }
    if (sys_get_le16(&pdu[1]) > mp_h4_att_mtu) {
        sys_put_le16(mp_h4_att_mtu, &pdu[1]);
    }
}

static uint8_t mp_h4_header_len(uint8_t type) {
    switch (type) {
        case BT_HCI_H4_EVT:
            return 2; // event code, parameter length
        case BT_HCI_H4_ACL:
        case BT_HCI_H4_ISO:
            return 4; // handle and flags, 16-bit data length
        default:
            return 0;
    }
}

static uint16_t mp_h4_payload_len(void) {
    if (mp_h4.type == BT_HCI_H4_EVT) {
        return mp_h4.header[1];
    }
    uint16_t len = sys_get_le16(&mp_h4.header[2]);
    // ISO carries flags in the two top bits of its length.
    return mp_h4.type == BT_HCI_H4_ISO ? (len & 0x3fff) : len;
}

static struct net_buf *mp_h4_alloc(void) {
    switch (mp_h4.type) {
        case BT_HCI_H4_EVT:
            return bt_buf_get_evt(mp_h4.header[0], false, K_NO_WAIT);
        case BT_HCI_H4_ACL:
            return bt_buf_get_rx(BT_BUF_ACL_IN, K_NO_WAIT);
        default:
            return bt_buf_get_rx(BT_BUF_ISO_IN, K_NO_WAIT);
    }
}

// Applies the configured MTU to an incoming Exchange MTU PDU, and records an ATT notification or
// indication that starts in this ACL packet. Only a first fragment carries the L2CAP and ATT
// headers; the oldest record gives way when all are in use.
static void mp_h4_note_att(struct net_buf *buf) {
    mp_h4_clamp_att_mtu(buf->data, buf->len);
    const uint8_t *pdu = mp_h4_att_pdu(buf->data, buf->len, 3);
    if (pdu == NULL) {
        return;
    }
    uint8_t opcode = pdu[0];
    if (opcode != MP_H4_ATT_OP_NOTIFY && opcode != MP_H4_ATT_OP_INDICATE) {
        return;
    }
    struct mp_h4_att_seen *seen = &mp_h4.att_seen[mp_h4.att_seen_next];
    mp_h4.att_seen_next = (mp_h4.att_seen_next + 1) % MP_H4_ATT_SEEN_MAX;
    seen->conn_handle = bt_acl_handle(sys_get_le16(buf->data));
    seen->attr_handle = sys_get_le16(&pdu[1]);
    seen->opcode = opcode;
    mp_bluetooth_zephyr_h4_att_value_arrived(seen->conn_handle, seen->attr_handle, opcode);
}

__attribute__((weak)) void mp_bluetooth_zephyr_h4_att_value_arrived(uint16_t conn_handle, uint16_t attr_handle, uint8_t opcode) {
    (void)conn_handle;
    (void)attr_handle;
    (void)opcode;
}

uint8_t mp_bluetooth_zephyr_h4_take_att_value_op(uint16_t conn_handle, uint16_t attr_handle) {
    // Oldest first: the slot after the newest is the oldest.
    for (size_t i = 0; i < MP_H4_ATT_SEEN_MAX; ++i) {
        struct mp_h4_att_seen *seen = &mp_h4.att_seen[(mp_h4.att_seen_next + i) % MP_H4_ATT_SEEN_MAX];
        if (seen->opcode != 0 && seen->conn_handle == conn_handle && seen->attr_handle == attr_handle) {
            uint8_t opcode = seen->opcode;
            seen->opcode = 0;
            return opcode;
        }
    }
    return 0;
}

__attribute__((weak)) void mp_bluetooth_zephyr_h4_link_lost(uint16_t conn_handle) {
    (void)conn_handle;
}

// Records a link the controller reports up, and tells the binding of one it reports down.
static void mp_h4_note_event(const uint8_t *evt, size_t len) {
    if (len >= 2 + 4 && evt[0] == BT_HCI_EVT_DISCONN_COMPLETE && evt[2] == BT_HCI_ERR_SUCCESS) {
        mp_bluetooth_zephyr_h4_link_lost(sys_get_le16(&evt[3]) & 0x0fff);
        return;
    }
    if (len < 2 + 12 || evt[0] != BT_HCI_EVT_LE_META_EVENT || evt[3] != BT_HCI_ERR_SUCCESS) {
        return;
    }
    uint8_t subevent = evt[2];
    if (subevent != MP_H4_LE_CONN_COMPLETE && subevent != MP_H4_LE_ENH_CONN_COMPLETE && subevent != MP_H4_LE_ENH_CONN_COMPLETE_V2) {
        return;
    }
    struct mp_h4_conn_seen *seen = &mp_h4.conn_seen[mp_h4.conn_seen_next];
    mp_h4.conn_seen_next = (mp_h4.conn_seen_next + 1) % MP_H4_CONN_SEEN_MAX;
    seen->handle = sys_get_le16(&evt[4]) & 0x0fff;
    seen->role = evt[6];
    memcpy(seen->peer, &evt[8], 6);
    seen->used = true;
}

bool mp_bluetooth_zephyr_h4_conn_handle(uint8_t role, const uint8_t *peer, uint16_t *handle) {
    // Newest first: the slot before the next one is the newest.
    for (size_t i = 1; i <= MP_H4_CONN_SEEN_MAX; ++i) {
        struct mp_h4_conn_seen *seen = &mp_h4.conn_seen[(mp_h4.conn_seen_next + MP_H4_CONN_SEEN_MAX - i) % MP_H4_CONN_SEEN_MAX];
        if (seen->used && seen->role == role && memcmp(seen->peer, peer, 6) == 0) {
            *handle = seen->handle;
            return true;
        }
    }
    return false;
}

static void mp_h4_deliver(void) {
    struct net_buf *buf = mp_h4.buf;
    mp_h4.buf = NULL;
    mp_h4.state = MP_H4_TYPE;
    if (mp_h4.type == BT_HCI_H4_ACL) {
        mp_h4_note_att(buf);
    } else if (mp_h4.type == BT_HCI_H4_EVT) {
        if (!mp_bluetooth_zephyr_hci_guard_event(buf->data, buf->len)) {
            net_buf_unref(buf);
            return;
        }
        mp_h4_note_event(buf->data, buf->len);
    }
    mp_h4.stats.rx_packets++;
    mp_h4.recv(&mp_bt_hci_device, buf);
}

// Reads what the synchronisation kept first, then the port.
static int mp_h4_read(uint8_t *buf, size_t len) {
    if (mp_h4.sync_replayed < mp_h4.sync_have) {
        size_t n = MIN(len, (size_t)(mp_h4.sync_have - mp_h4.sync_replayed));
        memcpy(buf, &mp_h4.sync[mp_h4.sync_replayed], n);
        mp_h4.sync_replayed += n;
        return n;
    }
    return mp_bluetooth_zephyr_port_hci_read(buf, len);
}

static bool mp_h4_is_reset_complete(const uint8_t *bytes) {
    for (size_t i = 0; i < MP_H4_SYNC_LEN; ++i) {
        if (i != 3 && bytes[i] != mp_h4_reset_complete[i]) {
            return false;
        }
    }
    return true;
}

// Until the answer to HCI Reset, bytes are dropped: the end of a frame sent before the host opened
// the port (to a host before it, or cut by the controller's reset) would otherwise be read as a
// packet start, and the packet lengths from then on would be wrong.
static bool mp_h4_sync_step(void) {
    uint8_t byte;
    if (mp_bluetooth_zephyr_port_hci_read(&byte, 1) != 1) {
        return false;
    }
    if (mp_h4.sync_have == MP_H4_SYNC_LEN) {
        memmove(mp_h4.sync, mp_h4.sync + 1, MP_H4_SYNC_LEN - 1);
        --mp_h4.sync_have;
        mp_h4.stats.rx_dropped_bytes++;
    }
    mp_h4.sync[mp_h4.sync_have++] = byte;
    if (mp_h4.sync_have == MP_H4_SYNC_LEN && mp_h4_is_reset_complete(mp_h4.sync)) {
        mp_h4.sync_replayed = 0;
        mp_h4.state = MP_H4_TYPE;
    }
    return true;
}

// Leaves the synchronisation with what it read still to be parsed (the host went on without
// Reset's answer: the guard answered it).
static void mp_h4_sync_end(void) {
    if (mp_h4.state == MP_H4_SYNC) {
        mp_h4.sync_replayed = 0;
        mp_h4.state = MP_H4_TYPE;
    }
}

// Takes one step of the receive state machine; false when it needs bytes that are not there
// yet or a buffer the pool does not have.
static bool mp_h4_step(void) {
    switch (mp_h4.state) {
        case MP_H4_SYNC:
            return mp_h4_sync_step();
        case MP_H4_TYPE: {
            uint8_t type;
            if (mp_h4_read(&type, 1) != 1) {
                return false;
            }
            mp_h4.header_len = mp_h4_header_len(type);
            if (mp_h4.header_len == 0) {
                // Not a packet start: the controller and we are out of step; resynchronise on the next byte.
                mp_h4.stats.rx_dropped_bytes++;
                return true;
            }
            mp_h4.type = type;
            mp_h4.header_have = 0;
            mp_h4.state = MP_H4_HEADER;
            return true;
        }
        case MP_H4_HEADER: {
            int n = mp_h4_read(&mp_h4.header[mp_h4.header_have], mp_h4.header_len - mp_h4.header_have);
            if (n <= 0) {
                return false;
            }
            mp_h4.header_have += n;
            if (mp_h4.header_have == mp_h4.header_len) {
                mp_h4.state = MP_H4_BUFFER;
            }
            return true;
        }
        case MP_H4_BUFFER: {
            mp_h4.buf = mp_h4_alloc();
            if (mp_h4.buf == NULL) {
                return false;
            }
            mp_h4.remaining = mp_h4_payload_len();
            if (mp_h4.header_len + mp_h4.remaining > net_buf_tailroom(mp_h4.buf)) {
                LOG_ERR("H4 packet of %u bytes does not fit a %u-byte buffer", mp_h4.header_len + mp_h4.remaining,
                    (unsigned)net_buf_tailroom(mp_h4.buf));
                net_buf_unref(mp_h4.buf);
                mp_h4.buf = NULL;
                mp_h4.stats.rx_dropped_bytes += mp_h4.header_len;
                mp_h4.state = MP_H4_TYPE;
                return true;
            }
            net_buf_add_mem(mp_h4.buf, mp_h4.header, mp_h4.header_len);
            if (mp_h4.remaining == 0) {
                mp_h4_deliver();
            } else {
                mp_h4.state = MP_H4_PAYLOAD;
            }
            return true;
        }
        case MP_H4_PAYLOAD: {
            int n = mp_h4_read(net_buf_tail(mp_h4.buf), mp_h4.remaining);
            if (n <= 0) {
                return false;
            }
            net_buf_add(mp_h4.buf, n);
            mp_h4.remaining -= n;
            if (mp_h4.remaining == 0) {
                mp_h4_deliver();
            }
            return true;
        }
    }
    return false;
}

void mp_bluetooth_zephyr_h4_poll(void) {
    if (mp_h4.recv == NULL) {
        return;
    }
    while (mp_h4_step()) {
    }
    struct net_buf *answer = mp_bluetooth_zephyr_hci_guard_poll();
    if (answer != NULL) {
        mp_h4.recv(&mp_bt_hci_device, answer);
    }
}

static int mp_h4_open(const struct device *dev, bt_hci_recv_t recv) {
    (void)dev;
    memset(&mp_h4, 0, sizeof(mp_h4));
    mp_bluetooth_zephyr_hci_guard_reset();
    int err = mp_bluetooth_zephyr_port_hci_open();
    if (err == 0) {
        mp_h4.recv = recv;
    }
    return err;
}

static int mp_h4_close(const struct device *dev) {
    (void)dev;
    if (mp_h4.buf != NULL) {
        net_buf_unref(mp_h4.buf);
    }
    mp_h4.buf = NULL;
    mp_h4.recv = NULL;
    mp_bluetooth_zephyr_hci_guard_reset();
    mp_bluetooth_zephyr_port_hci_close();
    return 0;
}

static int mp_h4_send(const struct device *dev, struct net_buf *buf) {
    (void)dev;
    uint8_t type;
    switch (bt_buf_get_type(buf)) {
        case BT_BUF_CMD:
            type = BT_HCI_H4_CMD;
            break;
        case BT_BUF_ACL_OUT:
            type = BT_HCI_H4_ACL;
            break;
        case BT_BUF_ISO_OUT:
            type = BT_HCI_H4_ISO;
            break;
        default:
            net_buf_unref(buf);
            return -EINVAL;
    }
    if (type == BT_HCI_H4_ACL) {
        mp_h4_clamp_att_mtu(buf->data, buf->len);
    }
    // The host's buffers keep BT_BUF_RESERVE bytes in front for this type byte, as Zephyr's own
    // H4 driver uses them.
    if (net_buf_headroom(buf) < 1) {
        net_buf_unref(buf);
        return -ENOMEM;
    }
    if (type == BT_HCI_H4_CMD && buf->len >= 2) {
        if (sys_get_le16(buf->data) != BT_HCI_OP_RESET) {
            // A command after Reset: its answer came (through the guard, if not from the controller).
            mp_h4_sync_end();
        }
        mp_bluetooth_zephyr_hci_guard_sent(sys_get_le16(buf->data));
        if (sys_get_le16(buf->data) == BT_HCI_OP_DISCONNECT && buf->len >= 3 + 2) {
            // The host takes the link down: from here it stops sending on it, as it does when the
            // controller reports it down.
            mp_bluetooth_zephyr_h4_link_lost(sys_get_le16(&buf->data[3]) & 0x0fff);
        }
    }
    net_buf_push_u8(buf, type);
    int err = mp_bluetooth_zephyr_port_hci_write(buf->data, buf->len);
    if (err == 0) {
        mp_h4.stats.tx_packets++;
    }
    net_buf_unref(buf);
    return err;
}

void mp_bluetooth_zephyr_h4_get_stats(struct mp_bluetooth_zephyr_h4_stats *stats) {
    *stats = mp_h4.stats;
}

static const struct bt_hci_driver_api mp_h4_api = {
    .open = mp_h4_open,
    .close = mp_h4_close,
    .send = mp_h4_send,
};

const struct device mp_bt_hci_device = {
    .name = "mp_bt_hci",
    .api = &mp_h4_api,
};
