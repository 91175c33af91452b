// MPS2_AN500 with the Zephyr BLE host: the options the qemu port's mpconfigport.h does not set,
// force-included ahead of every C file (mpconfigboard.mk). Defines only, so the host's files,
// which see it too, are not affected.

#ifndef MICROPY_INCLUDED_MPS2_AN500_MPCONFIGBOARD_H
#define MICROPY_INCLUDED_MPS2_AN500_MPCONFIGBOARD_H

// The bluetooth module as the emulator's tests use it.
#define MICROPY_PY_BLUETOOTH_ENABLE_CENTRAL_MODE (1)
#define MICROPY_PY_BLUETOOTH_ENABLE_GATT_CLIENT (1)

// The host allocates with m_tracked_calloc; its poll runs from a static scheduler node.
#define MICROPY_TRACKED_ALLOC (1)
#define MICROPY_SCHEDULER_STATIC_NODES (1)
#define MICROPY_SCHEDULER_DEPTH (8)

// Atomic sections mask interrupts (the SysTick poll and the HCI UART interrupt schedule work).
#define MICROPY_BEGIN_ATOMIC_SECTION() mp_board_atomic_begin()
#define MICROPY_END_ATOMIC_SECTION(state) mp_board_atomic_end(state)

// Each instance's random numbers start from the seed QEMU hands it (mpboardrandom.c).
#define MICROPY_PY_RANDOM_SEED_INIT_FUNC (mp_board_random_seed())

#ifndef __ASSEMBLER__
static inline unsigned int mp_board_atomic_begin(void) {
    unsigned int state;
    __asm volatile ("mrs %0, primask\n cpsid i" : "=r" (state) : : "memory");
    return state;
}

static inline void mp_board_atomic_end(unsigned int state) {
    __asm volatile ("msr primask, %0" : : "r" (state) : "memory");
}

unsigned int mp_board_random_seed(void);
#endif

#endif // MICROPY_INCLUDED_MPS2_AN500_MPCONFIGBOARD_H
