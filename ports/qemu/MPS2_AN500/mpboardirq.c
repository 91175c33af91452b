// The board's interrupts: the qemu port's vector table (in the image, at address 0) has the 16
// system entries only, and its ticks.c owns SysTick. A copy in RAM, behind VTOR, keeps the
// system entries, chains SysTick to the host's poll countdown and adds the UART receive lines.

#include <stdint.h>
#include <string.h>

#include "py/mphal.h"
#include "mpboard.h"
#include "mpbthciport.h"

#define MP_BOARD_SCB_VTOR (*(volatile uint32_t *)0xE000ED08)
#define MP_BOARD_NVIC_ISER ((volatile uint32_t *)0xE000E100)
#define MP_BOARD_NVIC_ICER ((volatile uint32_t *)0xE000E180)

#define MP_BOARD_SYSTEM_VECTORS (16)
#define MP_BOARD_EXTERNAL_VECTORS (32)
#define MP_BOARD_SYSTICK_VECTOR (15)

// VTOR wants the table aligned to its size rounded up to a power of two (48 words: 256 bytes).
static uint32_t mp_board_vectors[MP_BOARD_SYSTEM_VECTORS + MP_BOARD_EXTERNAL_VECTORS] __attribute__((aligned(256)));

// The port's own handlers (mcu/arm/startup.c's table and ticks.c).
extern void SysTick_Handler(void);
extern void Default_Handler(void);

static void mp_board_systick(void) {
    SysTick_Handler();
    mp_bluetooth_hci_systick(mp_hal_ticks_ms());
}

static void mp_board_uart0_rx(void) {
    // Only wakes the REPL's wait (WFI); the port reads the character itself.
    MP_BOARD_UART0->INTSTATUS = MP_BOARD_UART_INT_RX;
}

void mp_board_irq_enable(unsigned int irq, int enable) {
    if (enable) {
        MP_BOARD_NVIC_ISER[irq / 32] = 1u << (irq % 32);
    } else {
        MP_BOARD_NVIC_ICER[irq / 32] = 1u << (irq % 32);
    }
}

void mp_board_irq_init(void) {
    memcpy(mp_board_vectors, (const void *)MP_BOARD_SCB_VTOR, MP_BOARD_SYSTEM_VECTORS * sizeof(uint32_t));
    for (size_t i = MP_BOARD_SYSTEM_VECTORS; i < MP_BOARD_SYSTEM_VECTORS + MP_BOARD_EXTERNAL_VECTORS; ++i) {
        mp_board_vectors[i] = (uint32_t)&Default_Handler;
    }
    mp_board_vectors[MP_BOARD_SYSTICK_VECTOR] = (uint32_t)&mp_board_systick;
    mp_board_vectors[MP_BOARD_SYSTEM_VECTORS + MP_BOARD_IRQ_UART0_RX] = (uint32_t)&mp_board_uart0_rx;
    mp_board_vectors[MP_BOARD_SYSTEM_VECTORS + MP_BOARD_IRQ_UART1_RX] = (uint32_t)&mp_board_hci_uart_irq;
    __asm volatile ("dsb" : : : "memory");
    MP_BOARD_SCB_VTOR = (uint32_t)mp_board_vectors;
    __asm volatile ("dsb\n isb" : : : "memory");

    // The REPL's UART (set up by the port's uart_init) interrupts on receive, to end a WFI.
    MP_BOARD_UART0->CTRL |= MP_BOARD_UART_CTRL_RX_INTEN;
    mp_board_irq_enable(MP_BOARD_IRQ_UART0_RX, 1);
}
