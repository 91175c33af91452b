// Raw HCI commands for the Zephyr BLE backend (ble.hci_cmd), as NimBLE's backend gives them: the
// controller's status, and the return parameters after it.
// Copied by zblegen from templates/zephyr_ble/modbluetooth_zephyr_hci.c; edit it there.

#include "py/runtime.h"
#include "py/mperrno.h"
#include "py/mphal.h"

#if MICROPY_PY_BLUETOOTH && MICROPY_BLUETOOTH_ZEPHYR

#include "modbluetooth_zephyr_internal.h"

#if MICROPY_PY_BLUETOOTH_ENABLE_HCI_CMD

// A Command Complete's return parameters after the status, into resp. NimBLE refuses an answer longer
// than resp (after copying what fits) and takes a shorter one as it is.
static int mp_zb_hci_return_params(const struct net_buf *answer, uint8_t *resp, size_t resp_len) {
    if (answer->len <= 1) {
        // Command Status, or a Command Complete with only its status: no parameters.
        return 0;
    }
    size_t params_len = answer->len - 1;
    memcpy(resp, answer->data + 1, MIN(params_len, resp_len));
    return params_len > resp_len ? MP_EIO : 0;
}

int mp_bluetooth_hci_cmd(uint16_t ogf, uint16_t ocf, const uint8_t *req, size_t req_len, uint8_t *resp, size_t resp_len, uint8_t *status) {
    if (!mp_bluetooth_is_active()) {
        return MP_ENODEV;
    }
    if (req_len > UINT8_MAX) {
        return MP_EINVAL;
    }
    uint16_t opcode = BT_OP(ogf, ocf);
    struct net_buf *buf = bt_hci_cmd_create(opcode, req_len);
    if (buf == NULL) {
        return MP_ENOBUFS;
    }
    net_buf_add_mem(buf, req, req_len);
    // Zephyr answers into the command's own buffer and drops it when the status is not success: our
    // reference keeps the answer for Python either way.
    struct net_buf *answer = net_buf_ref(buf);
    int err = bt_hci_cmd_send_sync(opcode, buf, NULL);
    if (err != 0 && mp_bluetooth_zephyr_hci_guard_last_timed_out()) {
        net_buf_unref(answer);
        return MP_ETIMEDOUT;
    }
    *status = mp_bluetooth_zephyr_hci_guard_last_status();
    err = mp_zb_hci_return_params(answer, resp, resp_len);
    net_buf_unref(answer);
    return err;
}

#endif // MICROPY_PY_BLUETOOTH_ENABLE_HCI_CMD

#endif // MICROPY_PY_BLUETOOTH && MICROPY_BLUETOOTH_ZEPHYR
