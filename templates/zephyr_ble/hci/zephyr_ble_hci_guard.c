// Command supervision: see zephyr_ble_hci_guard.h.
// Copied by zblegen from templates/zephyr_ble/hci/zephyr_ble_hci_guard.c; edit it there.

#include <string.h>
#include <zephyr/kernel.h>
#include <zephyr/bluetooth/buf.h>
#include <zephyr/bluetooth/hci_types.h>
#include <zephyr/sys/byteorder.h>
#include <zephyr/logging/log.h>
#include "zephyr_ble_hci_guard.h"

LOG_MODULE_REGISTER(mp_bt_hci_guard, LOG_LEVEL_WRN);

// Supported_Commands octets and bits (Core spec Vol 4 Part E 6.27), and LE feature bits (Vol 6 Part B 4.6).
#define MP_GUARD_CMD_LE_SET_DATA_LEN_OCTET (33)
#define MP_GUARD_CMD_LE_SET_DATA_LEN_BIT (6)
#define MP_GUARD_CMD_LE_SET_PHY_OCTET (35)
#define MP_GUARD_CMD_LE_SET_PHY_BIT (6)
#define MP_GUARD_FEAT_DATA_LEN (5)
#define MP_GUARD_FEAT_2M_PHY (8)
#define MP_GUARD_FEAT_CODED_PHY (11)

// The commands the host sends that the controller answers with Command Status (Core spec Vol 4 Part E
// 7.1.6, 7.1.23, 7.8.12, 7.8.18, 7.8.21, 7.8.24, 7.8.36, 7.8.37, 7.8.49, 7.8.66, 7.8.94).
static const uint16_t mp_guard_status_commands[] = {
    0x0406, 0x041d, 0x200d, 0x2013, 0x2016, 0x2019, 0x2025, 0x2026, 0x2032, 0x2043, 0x205e,
};

static struct {
    uint16_t pending; // opcode waiting for its answer; 0: none
    int64_t sent_at;
    uint16_t timeout_ms;
    uint16_t abandoned; // opcode the guard answered; its late answer is dropped
    bool last_timed_out;
    uint8_t last_status; // of the last answer to the pending command
    uint32_t timeouts;
    bool can_set_phy; // from the controller's supported commands
    bool can_set_data_len;
} mp_guard;

// The user's choice outlives a radio cycle.
static bool mp_guard_auto_phy = MP_BLUETOOTH_ZEPHYR_AUTO_PHY_UPDATE;
static bool mp_guard_auto_data_len = MP_BLUETOOTH_ZEPHYR_AUTO_DATA_LEN_UPDATE;

void mp_bluetooth_zephyr_hci_guard_reset(void) {
    memset(&mp_guard, 0, sizeof(mp_guard));
}

void mp_bluetooth_zephyr_hci_guard_set_auto_updates(bool phy, bool data_len) {
    mp_guard_auto_phy = phy;
    mp_guard_auto_data_len = data_len;
}

void mp_bluetooth_zephyr_hci_guard_get_auto_updates(bool *phy, bool *data_len) {
    *phy = mp_guard_auto_phy;
    *data_len = mp_guard_auto_data_len;
}

static bool mp_guard_bit(const uint8_t *octets, size_t len, unsigned octet, unsigned bit) {
    return octet < len && (octets[octet] >> bit) & 1;
}

static void mp_guard_clear(uint8_t *octets, unsigned bit) {
    octets[bit / 8] &= ~(1u << (bit % 8));
}

// A successful Command Complete's return parameters after its status: what the guard reads or amends.
static void mp_guard_completed(uint16_t opcode, uint8_t *ret, size_t len) {
    if (opcode == BT_HCI_OP_READ_SUPPORTED_COMMANDS) {
        mp_guard.can_set_phy = mp_guard_bit(ret, len, MP_GUARD_CMD_LE_SET_PHY_OCTET, MP_GUARD_CMD_LE_SET_PHY_BIT);
        mp_guard.can_set_data_len = mp_guard_bit(ret, len, MP_GUARD_CMD_LE_SET_DATA_LEN_OCTET, MP_GUARD_CMD_LE_SET_DATA_LEN_BIT);
    } else if (opcode == BT_HCI_OP_LE_READ_LOCAL_FEATURES && len >= 8) {
        if (!mp_guard.can_set_phy || !mp_guard_auto_phy) {
            mp_guard_clear(ret, MP_GUARD_FEAT_2M_PHY);
            mp_guard_clear(ret, MP_GUARD_FEAT_CODED_PHY);
        }
        if (!mp_guard.can_set_data_len || !mp_guard_auto_data_len) {
            mp_guard_clear(ret, MP_GUARD_FEAT_DATA_LEN);
        }
    }
}

static uint16_t mp_guard_timeout_ms(uint16_t opcode) {
    for (size_t i = 0; i < ARRAY_SIZE(mp_guard_status_commands); ++i) {
        if (mp_guard_status_commands[i] == opcode) {
            return MP_BLUETOOTH_ZEPHYR_HCI_STATUS_TIMEOUT_MS;
        }
    }
    return MP_BLUETOOTH_ZEPHYR_HCI_CMD_TIMEOUT_MS;
}

void mp_bluetooth_zephyr_hci_guard_sent(uint16_t opcode) {
    if (opcode == BT_HCI_OP_HOST_NUM_COMPLETED_PACKETS) {
        // Never answered (Core spec Vol 4 Part E 7.3.40), and sent while another command waits.
        return;
    }
    mp_guard.pending = opcode;
    mp_guard.sent_at = k_uptime_get();
    mp_guard.timeout_ms = mp_guard_timeout_ms(opcode);
    mp_guard.last_timed_out = false;
    if (opcode == mp_guard.abandoned) {
        // Sent again: an answer with this opcode is now the new command's.
        mp_guard.abandoned = 0;
    }
}

// The opcode a Command Complete or Command Status answers, or 0 (not one, or a NOP giving credit).
static uint16_t mp_guard_answered(const uint8_t *evt, size_t len) {
    if (len >= 2 + 3 && evt[0] == BT_HCI_EVT_CMD_COMPLETE) {
        return sys_get_le16(&evt[3]);
    }
    if (len >= 2 + 4 && evt[0] == BT_HCI_EVT_CMD_STATUS) {
        return sys_get_le16(&evt[4]);
    }
    return 0;
}

bool mp_bluetooth_zephyr_hci_guard_event(uint8_t *evt, size_t len) {
    uint16_t opcode = mp_guard_answered(evt, len);
    if (opcode == 0) {
        return true;
    }
    if (opcode == mp_guard.pending) {
        mp_guard.pending = 0;
        mp_guard.last_status = evt[0] == BT_HCI_EVT_CMD_COMPLETE ? (len >= 2 + 4 ? evt[5] : 0) : evt[2];
        if (evt[0] == BT_HCI_EVT_CMD_COMPLETE && len >= 2 + 4 && evt[5] == BT_HCI_ERR_SUCCESS) {
            mp_guard_completed(opcode, &evt[6], len - 6);
        }
        return true;
    }
    if (opcode == mp_guard.abandoned) {
        LOG_WRN("late answer to command 0x%04x dropped", opcode);
        mp_guard.abandoned = 0;
        return false;
    }
    return true;
}

struct net_buf *mp_bluetooth_zephyr_hci_guard_poll(void) {
    if (mp_guard.pending == 0 || k_uptime_get() - mp_guard.sent_at < mp_guard.timeout_ms) {
        return NULL;
    }
    struct net_buf *buf = bt_buf_get_evt(BT_HCI_EVT_CMD_STATUS, false, K_NO_WAIT);
    if (buf == NULL) {
        // The pool is busy: the answer goes with the next poll.
        return NULL;
    }
    uint16_t opcode = mp_guard.pending;
    LOG_WRN("controller did not answer command 0x%04x in %u ms", opcode, (unsigned)mp_guard.timeout_ms);
    // Command Status (Core spec Vol 4 Part E 7.7.15): status, one more command allowed, opcode.
    uint8_t evt[] = { BT_HCI_EVT_CMD_STATUS, 4, MP_BLUETOOTH_ZEPHYR_HCI_GUARD_STATUS, 1, opcode & 0xff, opcode >> 8 };
    net_buf_add_mem(buf, evt, sizeof(evt));
    mp_guard.pending = 0;
    mp_guard.abandoned = opcode;
    mp_guard.last_timed_out = true;
    mp_guard.last_status = MP_BLUETOOTH_ZEPHYR_HCI_GUARD_STATUS;
    mp_guard.timeouts++;
    return buf;
}

bool mp_bluetooth_zephyr_hci_guard_last_timed_out(void) {
    return mp_guard.last_timed_out;
}

uint8_t mp_bluetooth_zephyr_hci_guard_last_status(void) {
    return mp_guard.last_status;
}

uint32_t mp_bluetooth_zephyr_hci_guard_timeouts(void) {
    return mp_guard.timeouts;
}
