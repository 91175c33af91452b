// Read-modify-write atomics for the Zephyr BLE host (see zephyr_ble_atomic.h).

#include "zephyr_ble_atomic.h"

#if MP_BLUETOOTH_ZEPHYR_ATOMIC_BUILTINS

#define ATOMIC_FETCH(op, target, value) __atomic_fetch_##op(target, value, __ATOMIC_SEQ_CST)

atomic_val_t atomic_set(atomic_t *target, atomic_val_t value) {
    return __atomic_exchange_n(target, value, __ATOMIC_SEQ_CST);
}

atomic_ptr_val_t atomic_ptr_set(atomic_ptr_t *target, atomic_ptr_val_t value) {
    return __atomic_exchange_n(target, value, __ATOMIC_SEQ_CST);
}

bool atomic_cas(atomic_t *target, atomic_val_t old_value, atomic_val_t new_value) {
    return __atomic_compare_exchange_n(target, &old_value, new_value, false,
        __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

bool atomic_ptr_cas(atomic_ptr_t *target, atomic_ptr_val_t old_value, atomic_ptr_val_t new_value) {
    return __atomic_compare_exchange_n(target, &old_value, new_value, false,
        __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

#else

// No lock-free builtins on this core: every operation is a short critical
// section. One core, so masking interrupts is enough.

enum { OP_ADD, OP_SUB, OP_OR, OP_AND, OP_XOR, OP_NAND };

static atomic_val_t atomic_fetch_op(atomic_t *target, atomic_val_t value, int op) {
    unsigned int key = irq_lock();
    atomic_val_t old = *target;
    switch (op) {
        case OP_ADD:
            *target = (atomic_val_t)((unsigned long)old + (unsigned long)value);
            break;
        case OP_SUB:
            *target = (atomic_val_t)((unsigned long)old - (unsigned long)value);
            break;
        case OP_OR:
            *target = old | value;
            break;
        case OP_AND:
            *target = old & value;
            break;
        case OP_XOR:
            *target = old ^ value;
            break;
        default:
            *target = ~(old & value);
            break;
    }
    irq_unlock(key);
    return old;
}

#define ATOMIC_FETCH_add(target, value) atomic_fetch_op(target, value, OP_ADD)
#define ATOMIC_FETCH_sub(target, value) atomic_fetch_op(target, value, OP_SUB)
#define ATOMIC_FETCH_or(target, value) atomic_fetch_op(target, value, OP_OR)
#define ATOMIC_FETCH_and(target, value) atomic_fetch_op(target, value, OP_AND)
#define ATOMIC_FETCH_xor(target, value) atomic_fetch_op(target, value, OP_XOR)
#define ATOMIC_FETCH_nand(target, value) atomic_fetch_op(target, value, OP_NAND)
#define ATOMIC_FETCH(op, target, value) ATOMIC_FETCH_##op(target, value)

atomic_val_t atomic_set(atomic_t *target, atomic_val_t value) {
    unsigned int key = irq_lock();
    atomic_val_t old = *target;
    *target = value;
    irq_unlock(key);
    return old;
}

atomic_ptr_val_t atomic_ptr_set(atomic_ptr_t *target, atomic_ptr_val_t value) {
    unsigned int key = irq_lock();
    atomic_ptr_val_t old = *target;
    *target = value;
    irq_unlock(key);
    return old;
}

bool atomic_cas(atomic_t *target, atomic_val_t old_value, atomic_val_t new_value) {
    unsigned int key = irq_lock();
    bool swapped = *target == old_value;
    if (swapped) {
        *target = new_value;
    }
    irq_unlock(key);
    return swapped;
}

bool atomic_ptr_cas(atomic_ptr_t *target, atomic_ptr_val_t old_value, atomic_ptr_val_t new_value) {
    unsigned int key = irq_lock();
    bool swapped = *target == old_value;
    if (swapped) {
        *target = new_value;
    }
    irq_unlock(key);
    return swapped;
}

#endif

atomic_val_t atomic_clear(atomic_t *target) {
    return atomic_set(target, 0);
}

atomic_ptr_val_t atomic_ptr_clear(atomic_ptr_t *target) {
    return atomic_ptr_set(target, NULL);
}

atomic_val_t atomic_add(atomic_t *target, atomic_val_t value) {
    return ATOMIC_FETCH(add, target, value);
}

atomic_val_t atomic_sub(atomic_t *target, atomic_val_t value) {
    return ATOMIC_FETCH(sub, target, value);
}

atomic_val_t atomic_inc(atomic_t *target) {
    return ATOMIC_FETCH(add, target, 1);
}

atomic_val_t atomic_dec(atomic_t *target) {
    return ATOMIC_FETCH(sub, target, 1);
}

atomic_val_t atomic_or(atomic_t *target, atomic_val_t value) {
    return ATOMIC_FETCH(or, target, value);
}

atomic_val_t atomic_and(atomic_t *target, atomic_val_t value) {
    return ATOMIC_FETCH(and, target, value);
}

atomic_val_t atomic_xor(atomic_t *target, atomic_val_t value) {
    return ATOMIC_FETCH(xor, target, value);
}

atomic_val_t atomic_nand(atomic_t *target, atomic_val_t value) {
    return ATOMIC_FETCH(nand, target, value);
}

bool atomic_test_and_set_bit(atomic_t *target, int bit) {
    atomic_val_t mask = ATOMIC_MASK(bit);
    return (atomic_or(ATOMIC_ELEM(target, bit), mask) & mask) != 0;
}

bool atomic_test_and_clear_bit(atomic_t *target, int bit) {
    atomic_val_t mask = ATOMIC_MASK(bit);
    return (atomic_and(ATOMIC_ELEM(target, bit), ~mask) & mask) != 0;
}

void atomic_set_bit(atomic_t *target, int bit) {
    (void)atomic_or(ATOMIC_ELEM(target, bit), ATOMIC_MASK(bit));
}

void atomic_clear_bit(atomic_t *target, int bit) {
    (void)atomic_and(ATOMIC_ELEM(target, bit), ~ATOMIC_MASK(bit));
}

void atomic_set_bit_to(atomic_t *target, int bit, bool val) {
    if (val) {
        atomic_set_bit(target, bit);
    } else {
        atomic_clear_bit(target, bit);
    }
}
