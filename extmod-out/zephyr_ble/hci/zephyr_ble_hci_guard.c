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

static struct {
    uint16_t pending; // opcode waiting for its answer; 0: none
    int64_t sent_at;
    uint16_t abandoned; // opcode the guard answered; its late answer is dropped
    bool last_timed_out;
    uint32_t timeouts;
} mp_guard;

void mp_bluetooth_zephyr_hci_guard_reset(void) {
    memset(&mp_guard, 0, sizeof(mp_guard));
}

void mp_bluetooth_zephyr_hci_guard_sent(uint16_t opcode) {
    mp_guard.pending = opcode;
    mp_guard.sent_at = k_uptime_get();
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

bool mp_bluetooth_zephyr_hci_guard_event(const uint8_t *evt, size_t len) {
    uint16_t opcode = mp_guard_answered(evt, len);
    if (opcode == 0) {
        return true;
    }
    if (opcode == mp_guard.pending) {
        mp_guard.pending = 0;
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
    if (mp_guard.pending == 0 || k_uptime_get() - mp_guard.sent_at < MP_BLUETOOTH_ZEPHYR_HCI_CMD_TIMEOUT_MS) {
        return NULL;
    }
    struct net_buf *buf = bt_buf_get_evt(BT_HCI_EVT_CMD_STATUS, false, K_NO_WAIT);
    if (buf == NULL) {
        // The pool is busy: the answer goes with the next poll.
        return NULL;
    }
    uint16_t opcode = mp_guard.pending;
    LOG_WRN("controller did not answer command 0x%04x in %u ms", opcode, (unsigned)MP_BLUETOOTH_ZEPHYR_HCI_CMD_TIMEOUT_MS);
    // Command Status (Core spec Vol 4 Part E 7.7.15): status, one more command allowed, opcode.
    uint8_t evt[] = { BT_HCI_EVT_CMD_STATUS, 4, MP_BLUETOOTH_ZEPHYR_HCI_GUARD_STATUS, 1, opcode & 0xff, opcode >> 8 };
    net_buf_add_mem(buf, evt, sizeof(evt));
    mp_guard.pending = 0;
    mp_guard.abandoned = opcode;
    mp_guard.last_timed_out = true;
    mp_guard.timeouts++;
    return buf;
}

bool mp_bluetooth_zephyr_hci_guard_last_timed_out(void) {
    return mp_guard.last_timed_out;
}

uint32_t mp_bluetooth_zephyr_hci_guard_timeouts(void) {
    return mp_guard.timeouts;
}
