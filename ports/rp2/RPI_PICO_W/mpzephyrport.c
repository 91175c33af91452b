// The rp2 port's side of the Zephyr BLE host on the Pico W: the port hooks of hal/zephyr_ble_hal.h
// and hci/zephyr_ble_h4.h over the CYW43's Bluetooth core on its shared SPI bus (cyw43-driver and
// pico-sdk's cybt_shared_bus), and mpbthciport.c's soft timer and scheduler node to run the host.
// All host work runs from MicroPython's scheduler; the CYW43 poll (PendSV) only asks for a pass.

#include <errno.h>
#include <string.h>

#include "py/runtime.h"
#include "py/mphal.h"

#if MICROPY_PY_BLUETOOTH && MICROPY_BLUETOOTH_ZEPHYR

#include "extmod/modbluetooth.h"
#include "mpbthciport.h"
#include "lib/cyw43-driver/src/cyw43.h"
#include "zephyr_ble_hal.h"
#include "zephyr_ble_h4.h"
#include "modbluetooth_zephyr.h"

#if !CYW43_ENABLE_BLUETOOTH
#error "mpzephyrport.c talks to the CYW43's Bluetooth core; build with MICROPY_PY_BLUETOOTH_CYW43"
#endif

// A packet on the shared bus: a 4-byte header (3 length bytes the bus driver fills in, then the
// H4 type) and the HCI packet, in a word-aligned buffer the driver may round up to 4 bytes.
// The largest packets either way are an event (2 + 255) and a command (3 + 255); LE ACL data
// is at most 4 + 251.
#define MP_ZB_CYW43_HEADER (4)
#define MP_ZB_CYW43_PACKET_MAX (3 + 255)
#define MP_ZB_CYW43_BUF_WORDS ((MP_ZB_CYW43_HEADER + MP_ZB_CYW43_PACKET_MAX + 3) / 4)

// Vendor command Write_BD_ADDR, as BTstack's and cyw43-driver's CYW43 set-up send it.
#define MP_ZB_CYW43_WRITE_BD_ADDR (0xfc01)
#define MP_ZB_CYW43_SETUP_TIMEOUT_MS (1000)

// The packet being handed to the H4 framing byte by byte: rx[pos..len) is still to go.
static struct {
    uint32_t buf[MP_ZB_CYW43_BUF_WORDS];
    uint32_t len;
    uint32_t pos;
} mp_zb_rx;

static uint32_t mp_zb_tx[MP_ZB_CYW43_BUF_WORDS];

// cyw43-driver calls this from its poll (PendSV) when the Bluetooth core has data.
void cyw43_bluetooth_hci_process(void) {
    mp_bluetooth_hci_poll_now();
}

// ---------------------------------------------------------------------------
// HAL hooks of this board; those every port running the host from mpbthciport.c shares (its poll
// on the soft timer and scheduler, tracked memory, the clock, logging) are the integration's
// modbluetooth_zephyr_port.c.

void mp_bluetooth_zephyr_port_idle(void) {
    // A nested wait (k_sem_take with a timeout): sleep until an event, at most a tick. The CYW43
    // poll still runs meanwhile (PendSV), and the next pass reads the bus itself.
    mp_event_wait_ms(1);
}

void mp_bluetooth_zephyr_port_random(uint8_t *buf, size_t len) {
    mp_hal_get_random(len, buf);
}

// ---------------------------------------------------------------------------
// H4 over the shared bus: the bus carries whole packets, each behind a 4-byte header whose last
// byte is the H4 type, so reads hand one packet out as a byte stream and writes take one packet.

static int mp_zb_cyw43_send(const uint8_t *packet, size_t len) {
    // packet: H4 type, then the HCI packet.
    if (len < 1 || len - 1 > MP_ZB_CYW43_PACKET_MAX) {
        return -EMSGSIZE;
    }
    uint8_t *tx = (uint8_t *)mp_zb_tx;
    tx[3] = packet[0];
    memcpy(tx + MP_ZB_CYW43_HEADER, packet + 1, len - 1);
    return cyw43_bluetooth_hci_write(tx, MP_ZB_CYW43_HEADER + len - 1) == 0 ? 0 : -EIO;
}

// The next packet from the bus into mp_zb_rx; false when there is none.
static bool mp_zb_cyw43_receive(void) {
    uint32_t len = 0;
    if (cyw43_bluetooth_hci_read((uint8_t *)mp_zb_rx.buf, sizeof(mp_zb_rx.buf), &len) != 0 || len <= MP_ZB_CYW43_HEADER) {
        return false;
    }
    mp_zb_rx.len = len;
    mp_zb_rx.pos = MP_ZB_CYW43_HEADER - 1; // the H4 type, then the packet
    return true;
}

// The controller's public address is the Wi-Fi MAC plus one, as BTstack sets it on this board:
// without it every Pico W would have the same one. It is set before the host's HCI Reset,
// which keeps it (the UART-attached CYW43 of PYBD is set up the same way).
static int mp_zb_cyw43_set_bd_addr(void) {
    uint8_t cmd[1 + 3 + 6] = { 0x01, MP_ZB_CYW43_WRITE_BD_ADDR & 0xff, MP_ZB_CYW43_WRITE_BD_ADDR >> 8, 6 };
    for (int i = 0; i < 6; ++i) {
        cmd[4 + i] = cyw43_state.mac[5 - i]; // little endian
    }
    cmd[4]++;
    int err = mp_zb_cyw43_send(cmd, sizeof(cmd));
    if (err != 0) {
        return err;
    }
    // Its Command Complete is ours, not the host's: wait for it here.
    mp_uint_t start = mp_hal_ticks_ms();
    while (mp_hal_ticks_ms() - start < MP_ZB_CYW43_SETUP_TIMEOUT_MS) {
        if (mp_zb_cyw43_receive()) {
            const uint8_t *p = (const uint8_t *)mp_zb_rx.buf + MP_ZB_CYW43_HEADER - 1;
            mp_zb_rx.len = mp_zb_rx.pos = 0;
            // H4 event, Command Complete, length, credits, opcode, status.
            if (p[0] == 0x04 && p[1] == 0x0e && p[4] == (MP_ZB_CYW43_WRITE_BD_ADDR & 0xff) && p[5] == (MP_ZB_CYW43_WRITE_BD_ADDR >> 8)) {
                return p[6] == 0 ? 0 : -EIO;
            }
            continue;
        }
        mp_event_wait_ms(1);
    }
    return -ETIMEDOUT;
}

int mp_bluetooth_zephyr_port_hci_open(void) {
    mp_zb_rx.len = mp_zb_rx.pos = 0;
    // Powers the Bluetooth core and loads its firmware (and the CYW43 itself if Wi-Fi is off).
    if (cyw43_bluetooth_hci_init() != 0) {
        return -ENODEV;
    }
    return mp_zb_cyw43_set_bd_addr();
}

void mp_bluetooth_zephyr_port_hci_close(void) {
    // The core stays powered with the CYW43, as under BTstack; a packet half handed out is dropped.
    mp_zb_rx.len = mp_zb_rx.pos = 0;
}

int mp_bluetooth_zephyr_port_hci_read(uint8_t *buf, size_t len) {
    if (mp_zb_rx.pos == mp_zb_rx.len && !mp_zb_cyw43_receive()) {
        return 0;
    }
    size_t n = MIN(len, mp_zb_rx.len - mp_zb_rx.pos);
    memcpy(buf, (const uint8_t *)mp_zb_rx.buf + mp_zb_rx.pos, n);
    mp_zb_rx.pos += n;
    return (int)n;
}

int mp_bluetooth_zephyr_port_hci_write(const uint8_t *buf, size_t len) {
    return mp_zb_cyw43_send(buf, len);
}

#endif // MICROPY_PY_BLUETOOTH && MICROPY_BLUETOOTH_ZEPHYR
