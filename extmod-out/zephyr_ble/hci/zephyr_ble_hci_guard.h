// Command supervision between the Zephyr host and a controller we did not write. The host sends one
// command at a time and, if no answer comes in 10 s, asserts ("Controller unresponsive"): a
// controller that ignores one command (a PHY update it advertises but does not do) would stop the
// whole host. The guard answers such a command itself, with an error, after
// MP_BLUETOOTH_ZEPHYR_HCI_CMD_TIMEOUT_MS (NimBLE's host gives a controller 2 s; less for a command
// answered by Command Status, see below), and drops the
// controller's answer if it comes late, so the command fails and the host goes on.
//
// It also keeps the host from starting what the controller cannot finish: the host starts a PHY or
// data length update on each connection when the controller's LE features list 2M PHY or data
// length extension, whatever its supported commands say. The guard clears those features in the
// answer to LE Read Local Supported Features where LE Set PHY or LE Set Data Length is not a
// supported command, or where the user turned the update off.
// Copied by zblegen from templates/zephyr_ble/hci/zephyr_ble_hci_guard.h; edit it there.
#ifndef MICROPY_INCLUDED_ZEPHYR_BLE_HCI_ZEPHYR_BLE_HCI_GUARD_H
#define MICROPY_INCLUDED_ZEPHYR_BLE_HCI_ZEPHYR_BLE_HCI_GUARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifndef MP_BLUETOOTH_ZEPHYR_HCI_CMD_TIMEOUT_MS
#define MP_BLUETOOTH_ZEPHYR_HCI_CMD_TIMEOUT_MS (2000)
#endif
// A command the controller answers with Command Status it only has to accept, and does at once; the
// host waits for that answer with its system work queue (which also sends ACL data) blocked. Still
// long enough for a busy machine: a pty or the host's own poll can stall for hundreds of ms there.
#ifndef MP_BLUETOOTH_ZEPHYR_HCI_STATUS_TIMEOUT_MS
#define MP_BLUETOOTH_ZEPHYR_HCI_STATUS_TIMEOUT_MS (1000)
#endif

// Off by default, as NimBLE's and BTstack's hosts leave both to the controller: the CYW43 on both
// boards drops the link ("Instant Passed") over them, and at the default ATT MTU (23) a 27-byte PDU
// already carries a whole ATT packet. zephyr_ble.config(auto_phy=, auto_data_len=) overrides it.
#ifndef MP_BLUETOOTH_ZEPHYR_AUTO_PHY_UPDATE
#define MP_BLUETOOTH_ZEPHYR_AUTO_PHY_UPDATE (0)
#endif
#ifndef MP_BLUETOOTH_ZEPHYR_AUTO_DATA_LEN_UPDATE
#define MP_BLUETOOTH_ZEPHYR_AUTO_DATA_LEN_UPDATE (0)
#endif

// The status of an answer the guard makes up: the controller said nothing, so nothing more precise.
#define MP_BLUETOOTH_ZEPHYR_HCI_GUARD_STATUS (0x1f) // Unspecified Error

struct net_buf;

// Forget any command in flight (the transport was opened or closed).
void mp_bluetooth_zephyr_hci_guard_reset(void);
// The host sent this command to the controller.
void mp_bluetooth_zephyr_hci_guard_sent(uint16_t opcode);
// An event from the controller, as the transport framed it (code, length, parameters), which the
// guard may amend (see above): false when it is a late answer to a command the guard already
// answered, which the host must not see.
bool mp_bluetooth_zephyr_hci_guard_event(uint8_t *evt, size_t len);
// Whether the host may start PHY and data length updates of its own; takes effect at the next
// active(True).
void mp_bluetooth_zephyr_hci_guard_set_auto_updates(bool phy, bool data_len);
void mp_bluetooth_zephyr_hci_guard_get_auto_updates(bool *phy, bool *data_len);
// The answer the host needs now for a command the controller has left unanswered too long (a
// Command Status with MP_BLUETOOTH_ZEPHYR_HCI_GUARD_STATUS), or NULL. The caller hands it to the host.
struct net_buf *mp_bluetooth_zephyr_hci_guard_poll(void);
// True when the last command the host sent was answered by the guard, not the controller: a call that
// failed with EIO then failed for want of an answer (ETIMEDOUT).
bool mp_bluetooth_zephyr_hci_guard_last_timed_out(void);
// The status the last command's answer carried (Command Complete or Command Status), as the
// controller sent it: for ble.hci_cmd, which Zephyr tells only an errno.
uint8_t mp_bluetooth_zephyr_hci_guard_last_status(void);
// Commands the guard has answered since the transport opened.
uint32_t mp_bluetooth_zephyr_hci_guard_timeouts(void);

#endif
