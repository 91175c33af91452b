// The board's own pieces beside the qemu port: its interrupts, the HCI UART, the random seed.

#ifndef MICROPY_INCLUDED_MPS2_AN500_MPBOARD_H
#define MICROPY_INCLUDED_MPS2_AN500_MPBOARD_H

#include <stddef.h>
#include <stdint.h>

// The CMSDK APB UARTs: UART0 carries the REPL (the port's uart.c), UART1 the HCI.
typedef struct _mp_board_uart_t {
    volatile uint32_t DATA;
    volatile uint32_t STATE;
    volatile uint32_t CTRL;
    volatile uint32_t INTSTATUS; // write: INTCLEAR
    volatile uint32_t BAUDDIV;
} mp_board_uart_t;

#define MP_BOARD_UART0 ((mp_board_uart_t *)0x40004000)
#define MP_BOARD_UART1 ((mp_board_uart_t *)0x40005000)

#define MP_BOARD_UART_STATE_TXFULL (1u << 0)
#define MP_BOARD_UART_STATE_RXFULL (1u << 1)
#define MP_BOARD_UART_CTRL_TX_EN (1u << 0)
#define MP_BOARD_UART_CTRL_RX_EN (1u << 1)
#define MP_BOARD_UART_CTRL_RX_INTEN (1u << 3)
#define MP_BOARD_UART_INT_RX (1u << 1)

// External interrupts of the MPS2: the UARTs' receive lines.
#define MP_BOARD_IRQ_UART0_RX (0)
#define MP_BOARD_IRQ_UART1_RX (2)

// Where QEMU leaves this instance's random seed (-device loader,addr=...,data=SEED,data-len=4):
// bindings/build.json's qemu.seedAddress, which zblegen multitest reads and the build passes as
// MP_BOARD_RANDOM_SEED_ADDR (mpconfigboard.mk); a place in RAM the image does not use.
#ifndef MP_BOARD_RANDOM_SEED_ADDR
#error "MP_BOARD_RANDOM_SEED_ADDR is not defined; build with QEMU_SEED_ADDRESS set (mpconfigboard.mk)"
#endif

// Moves the vector table to RAM, chains SysTick and takes the UART interrupts (at start-up).
void mp_board_irq_init(void);

// Enables or disables an external interrupt in the NVIC.
void mp_board_irq_enable(unsigned int irq, int enable);

// The HCI UART's receive interrupt (mpbthciuart.c).
void mp_board_hci_uart_irq(void);

// Up to len bytes the HCI UART received so far; returns how many.
size_t mp_board_hci_uart_read(uint8_t *buf, size_t len);

// Seeds the board's random numbers from what QEMU left (at start-up).
void mp_board_random_init(void);

// Random bytes from that seed (the host's and the random module's).
void mp_board_random_fill(uint8_t *buf, size_t len);

// Mounts the RAM disk's filesystem at / (after each soft reset).
void mp_board_vfs_mount(void);

#endif // MICROPY_INCLUDED_MPS2_AN500_MPBOARD_H
