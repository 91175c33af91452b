// The HCI UART (extmod/mpbthci.h's port side): CMSDK UART1, its receive interrupt filling a ring
// buffer. When the buffer is full the interrupt is masked and the byte stays in the UART, so QEMU
// holds back the rest: nothing is lost. Each received byte asks for a host pass.

#include <string.h>

#include "py/runtime.h"
#include "py/mphal.h"

#if MICROPY_PY_BLUETOOTH

#include "extmod/mpbthci.h"
#include "mpboard.h"
#include "mpbthciport.h"

#define MP_BOARD_HCI_RX_SIZE (1024)

static uint8_t mp_board_hci_rx_buf[MP_BOARD_HCI_RX_SIZE];
static volatile uint16_t mp_board_hci_rx_head; // written by the interrupt
static volatile uint16_t mp_board_hci_rx_tail; // written by readchar

void mp_board_hci_uart_irq(void) {
    mp_board_uart_t *uart = MP_BOARD_UART1;
    uart->INTSTATUS = MP_BOARD_UART_INT_RX;
    while (uart->STATE & MP_BOARD_UART_STATE_RXFULL) {
        uint16_t next = (mp_board_hci_rx_head + 1) % MP_BOARD_HCI_RX_SIZE;
        if (next == mp_board_hci_rx_tail) {
            uart->CTRL &= ~MP_BOARD_UART_CTRL_RX_INTEN;
            break;
        }
        mp_board_hci_rx_buf[mp_board_hci_rx_head] = (uint8_t)uart->DATA;
        mp_board_hci_rx_head = next;
    }
    mp_bluetooth_hci_poll_now();
}

// The buffer is empty: a byte the UART held back while the interrupt was masked raises no
// interrupt of its own, so it is read here and the interrupt unmasked. With the interrupt on, a
// byte in the UART is the interrupt's: it may have put the one before it in the buffer since the
// caller found it empty, and taking this one here would swap the two.
static int mp_board_hci_uart_take_held(void) {
    mp_board_uart_t *uart = MP_BOARD_UART1;
    mp_uint_t state = MICROPY_BEGIN_ATOMIC_SECTION();
    int c = -1;
    if (!(uart->CTRL & MP_BOARD_UART_CTRL_RX_INTEN)) {
        if (uart->STATE & MP_BOARD_UART_STATE_RXFULL) {
            c = (uint8_t)uart->DATA;
        }
        uart->CTRL |= MP_BOARD_UART_CTRL_RX_INTEN;
    }
    MICROPY_END_ATOMIC_SECTION(state);
    return c;
}

int mp_bluetooth_hci_uart_init(uint32_t port, uint32_t baudrate) {
    (void)port;
    (void)baudrate;
    mp_board_uart_t *uart = MP_BOARD_UART1;
    mp_board_hci_rx_head = 0;
    mp_board_hci_rx_tail = 0;
    uart->BAUDDIV = 16; // QEMU's smallest; the pty has no baud rate
    uart->INTSTATUS = MP_BOARD_UART_INT_RX;
    uart->CTRL = MP_BOARD_UART_CTRL_TX_EN | MP_BOARD_UART_CTRL_RX_EN | MP_BOARD_UART_CTRL_RX_INTEN;
    mp_board_irq_enable(MP_BOARD_IRQ_UART1_RX, 1);
    return 0;
}

int mp_bluetooth_hci_uart_deinit(void) {
    mp_board_irq_enable(MP_BOARD_IRQ_UART1_RX, 0);
    MP_BOARD_UART1->CTRL = 0;
    return 0;
}

int mp_bluetooth_hci_uart_set_baudrate(uint32_t baudrate) {
    (void)baudrate;
    return 0;
}

int mp_bluetooth_hci_uart_any(void) {
    return mp_board_hci_rx_head != mp_board_hci_rx_tail;
}

int mp_bluetooth_hci_uart_readchar(void) {
    if (mp_board_hci_rx_head == mp_board_hci_rx_tail) {
        return mp_board_hci_uart_take_held();
    }
    uint8_t c = mp_board_hci_rx_buf[mp_board_hci_rx_tail];
    mp_board_hci_rx_tail = (mp_board_hci_rx_tail + 1) % MP_BOARD_HCI_RX_SIZE;
    return c;
}

size_t mp_board_hci_uart_read(uint8_t *buf, size_t len) {
    size_t n = 0;
    while (n < len && mp_board_hci_rx_head != mp_board_hci_rx_tail) {
        // What lies contiguous in the ring from its tail.
        uint16_t head = mp_board_hci_rx_head;
        size_t chunk = (head > mp_board_hci_rx_tail ? head : MP_BOARD_HCI_RX_SIZE) - mp_board_hci_rx_tail;
        if (chunk > len - n) {
            chunk = len - n;
        }
        memcpy(buf + n, mp_board_hci_rx_buf + mp_board_hci_rx_tail, chunk);
        mp_board_hci_rx_tail = (mp_board_hci_rx_tail + chunk) % MP_BOARD_HCI_RX_SIZE;
        n += chunk;
    }
    if (n < len) {
        int c = mp_board_hci_uart_take_held();
        if (c >= 0) {
            buf[n++] = (uint8_t)c;
        }
    }
    return n;
}

int mp_bluetooth_hci_uart_write(const uint8_t *buf, size_t len) {
    mp_board_uart_t *uart = MP_BOARD_UART1;
    for (size_t i = 0; i < len; ++i) {
        while (uart->STATE & MP_BOARD_UART_STATE_TXFULL) {
        }
        uart->DATA = buf[i];
    }
    return 0;
}

#endif // MICROPY_PY_BLUETOOTH
