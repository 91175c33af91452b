// The HCI transport of the Zephyr host in MicroPython: H4 framing over a byte stream (a tty on
// unix, a UART on the boards). It is the device the host's devicetree chooses as zephyr,bt-hci
// (mp_bt_hci_device). The port moves the bytes; this file turns them into the host's net_bufs.
#ifndef MICROPY_INCLUDED_ZEPHYR_BLE_HCI_ZEPHYR_BLE_H4_H
#define MICROPY_INCLUDED_ZEPHYR_BLE_HCI_ZEPHYR_BLE_H4_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// Port hooks for the byte stream.
// Open it; 0, or a negative errno.
int mp_bluetooth_zephyr_port_hci_open(void);
// Close it.
void mp_bluetooth_zephyr_port_hci_close(void);
// Read what is there without waiting: the number of bytes read, 0 when none, or a negative errno.
int mp_bluetooth_zephyr_port_hci_read(uint8_t *buf, size_t len);
// Write one whole H4 packet, its type byte first, and all of it (the unix port's tty never takes a
// partial write back); 0, or a negative errno. One call per packet, so a port whose transport
// frames packets itself (the CYW43's shared bus on the Pico W) needs no reassembly.
int mp_bluetooth_zephyr_port_hci_write(const uint8_t *buf, size_t len);

// Hands every complete packet that has arrived to the host. The port calls it from
// mp_bluetooth_zephyr_port_poll(); a packet whose buffer pool is empty waits for the next call.
void mp_bluetooth_zephyr_h4_poll(void);

// Zephyr's GATT client hands notifications and indications to one callback without saying
// which it was; the transport sees the ATT opcode first. It remembers the last few
// notifications and indications received (per connection and attribute handle, in order), and
// this takes the oldest one for that connection and handle: 0x1b (notification) or
// 0x1d (indication), or 0 when none was seen.
uint8_t mp_bluetooth_zephyr_h4_take_att_value_op(uint16_t conn_handle, uint16_t attr_handle);

// Called for each ATT notification or indication as it arrives, before the host sees the packet:
// Zephyr passes on only those it has a subscription for, so the binding can add one first.
// The default (weak) does nothing.
void mp_bluetooth_zephyr_h4_att_value_arrived(uint16_t conn_handle, uint16_t attr_handle, uint8_t opcode);

// The ATT MTU this side offers (ble.config(mtu=...)): Zephyr's is fixed when it is built, so the
// transport lowers the MTU field of Exchange MTU requests and responses both ways to this value,
// and both ends settle on it. 0: leave them as the host wrote them.
void mp_bluetooth_zephyr_h4_set_att_mtu(uint16_t mtu);
// Called as the host asks the controller to take a link down (Disconnect) and as the controller
// reports one down (Disconnection Complete), before the host sees that; the binding may drop what
// it queued on that link (a weak default does nothing).
void mp_bluetooth_zephyr_h4_link_lost(uint16_t conn_handle);

// The handle of the newest link the controller reported up with this role (0 central, 1 peripheral)
// and peer address (little-endian, as on air); false if none of the last few matches. The host can
// learn of a link only after it ended (both events came in one read): it then reports the link
// failed, with no handle.
bool mp_bluetooth_zephyr_h4_conn_handle(uint8_t role, const uint8_t *peer, uint16_t *handle);

// Debug counters: packets given to the host, packets sent, bytes dropped as unframeable.
struct mp_bluetooth_zephyr_h4_stats {
    uint32_t rx_packets;
    uint32_t tx_packets;
    uint32_t rx_dropped_bytes;
};
void mp_bluetooth_zephyr_h4_get_stats(struct mp_bluetooth_zephyr_h4_stats *stats);

#endif
