// How the Zephyr host's passes are scheduled on this board (the integration's
// modbluetooth_zephyr_port.c calls these, as it does stm32's and rp2's mpbthciport.h).

#ifndef MICROPY_INCLUDED_MPS2_AN500_MPBTHCIPORT_H
#define MICROPY_INCLUDED_MPS2_AN500_MPBTHCIPORT_H

#include <stdint.h>

// Schedule a pass of the host now (from any context, interrupts included).
void mp_bluetooth_hci_poll_now(void);

// Schedule a pass after ms milliseconds, counted on SysTick.
void mp_bluetooth_hci_poll_in_ms(uint32_t ms);

// The pass itself, run from the scheduler (modbluetooth_zephyr_port.c).
void mp_bluetooth_hci_poll(void);

// Called by the SysTick interrupt every millisecond (mpboardirq.c).
void mp_bluetooth_hci_systick(uint32_t ticks_ms);

#endif // MICROPY_INCLUDED_MPS2_AN500_MPBTHCIPORT_H
