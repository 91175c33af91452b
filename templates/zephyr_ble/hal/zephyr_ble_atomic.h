// Atomic operations for the Zephyr BLE host on MicroPython.
//
// Same names, types and semantics as Zephyr's atomic API: every operation
// returns the previous value unless documented otherwise, bit numbers index
// an array of atomic_t, and atomic_t is a long (64 bits on unix, 32 on the
// boards), so ATOMIC_BITS follows the target.
//
// MicroPython runs the host on one core. Where the target has lock-free
// atomics for long and pointers (cortex-m7, x86-64) the read-modify-write
// operations use gcc's __atomic builtins. Where it has not (cortex-m0plus has
// no LDREX/STREX, and gcc would emit calls to __atomic_*_4 that no library
// provides there), they run inside irq_lock()/irq_unlock(), which map to the
// port's critical section hooks.
//
// Plain loads (atomic_get, atomic_test_bit) are inline because they are the
// most frequent calls in the host and an aligned word load is atomic on every
// target. Read-modify-write operations are out of line to save flash.

#ifndef MICROPY_INCLUDED_EXTMOD_ZEPHYR_BLE_HAL_ZEPHYR_BLE_ATOMIC_H
#define MICROPY_INCLUDED_EXTMOD_ZEPHYR_BLE_HAL_ZEPHYR_BLE_ATOMIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef long atomic_t;
typedef atomic_t atomic_val_t;
typedef void *atomic_ptr_t;
typedef atomic_ptr_t atomic_ptr_val_t;

// Tests define it to 0 to exercise the critical-section path on the host.
#ifndef MP_BLUETOOTH_ZEPHYR_ATOMIC_BUILTINS
#if __GCC_ATOMIC_LONG_LOCK_FREE == 2 && __GCC_ATOMIC_POINTER_LOCK_FREE == 2
#define MP_BLUETOOTH_ZEPHYR_ATOMIC_BUILTINS (1)
#else
#define MP_BLUETOOTH_ZEPHYR_ATOMIC_BUILTINS (0)
#endif
#endif

// Critical section hooks provided by the port (MicroPython: its atomic
// section macros). Nesting must work: the key restores the previous state.
unsigned int mp_bluetooth_zephyr_port_irq_lock(void);
void mp_bluetooth_zephyr_port_irq_unlock(unsigned int key);

#define irq_lock() mp_bluetooth_zephyr_port_irq_lock()
#define irq_unlock(key) mp_bluetooth_zephyr_port_irq_unlock(key)

#define ATOMIC_INIT(i) (i)
#define ATOMIC_PTR_INIT(p) (p)
#define ATOMIC_BITS (sizeof(atomic_val_t) * 8)
#define ATOMIC_BITMAP_SIZE(num_bits) (1 + ((num_bits) - 1) / ATOMIC_BITS)
#define ATOMIC_MASK(bit) ((atomic_val_t)(1UL << ((unsigned long)(bit) & (ATOMIC_BITS - 1))))
#define ATOMIC_ELEM(addr, bit) ((addr) + ((bit) / ATOMIC_BITS))
#define ATOMIC_DEFINE(name, num_bits) atomic_t name[ATOMIC_BITMAP_SIZE(num_bits)]

static inline atomic_val_t atomic_get(const atomic_t *target) {
    #if MP_BLUETOOTH_ZEPHYR_ATOMIC_BUILTINS
    return __atomic_load_n(target, __ATOMIC_SEQ_CST);
    #else
    return *(const volatile atomic_t *)target;
    #endif
}

static inline atomic_ptr_val_t atomic_ptr_get(const atomic_ptr_t *target) {
    #if MP_BLUETOOTH_ZEPHYR_ATOMIC_BUILTINS
    return __atomic_load_n(target, __ATOMIC_SEQ_CST);
    #else
    return *(atomic_ptr_t const volatile *)target;
    #endif
}

static inline bool atomic_test_bit(const atomic_t *target, int bit) {
    return (atomic_get(ATOMIC_ELEM(target, bit)) & ATOMIC_MASK(bit)) != 0;
}

atomic_val_t atomic_set(atomic_t *target, atomic_val_t value);
atomic_val_t atomic_clear(atomic_t *target);
atomic_val_t atomic_add(atomic_t *target, atomic_val_t value);
atomic_val_t atomic_sub(atomic_t *target, atomic_val_t value);
atomic_val_t atomic_inc(atomic_t *target);
atomic_val_t atomic_dec(atomic_t *target);
atomic_val_t atomic_or(atomic_t *target, atomic_val_t value);
atomic_val_t atomic_and(atomic_t *target, atomic_val_t value);
atomic_val_t atomic_xor(atomic_t *target, atomic_val_t value);
atomic_val_t atomic_nand(atomic_t *target, atomic_val_t value);
// Returns true and stores new_value if *target held old_value.
bool atomic_cas(atomic_t *target, atomic_val_t old_value, atomic_val_t new_value);

atomic_ptr_val_t atomic_ptr_set(atomic_ptr_t *target, atomic_ptr_val_t value);
atomic_ptr_val_t atomic_ptr_clear(atomic_ptr_t *target);
bool atomic_ptr_cas(atomic_ptr_t *target, atomic_ptr_val_t old_value, atomic_ptr_val_t new_value);

// Bit operations on ATOMIC_DEFINE arrays; the test_and_* forms return the
// bit's previous state.
bool atomic_test_and_set_bit(atomic_t *target, int bit);
bool atomic_test_and_clear_bit(atomic_t *target, int bit);
void atomic_set_bit(atomic_t *target, int bit);
void atomic_clear_bit(atomic_t *target, int bit);
void atomic_set_bit_to(atomic_t *target, int bit, bool val);

#ifdef __cplusplus
}
#endif

#endif // MICROPY_INCLUDED_EXTMOD_ZEPHYR_BLE_HAL_ZEPHYR_BLE_ATOMIC_H
