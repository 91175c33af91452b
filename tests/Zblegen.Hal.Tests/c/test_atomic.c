// Atomics. Built twice: with gcc's builtins and with the critical-section
// path (MP_BLUETOOTH_ZEPHYR_ATOMIC_BUILTINS=0) that cortex-m0plus uses.

#include "hal_test.h"

static void atomic_arithmetic_returns_previous_values(void) {
    atomic_t v = ATOMIC_INIT(5);
    CHECK_EQ(atomic_get(&v), 5);
    CHECK_EQ(atomic_set(&v, 7), 5);
    CHECK_EQ(atomic_add(&v, 3), 7);
    CHECK_EQ(atomic_sub(&v, 4), 10);
    CHECK_EQ(atomic_inc(&v), 6);
    CHECK_EQ(atomic_dec(&v), 7);
    CHECK_EQ(atomic_get(&v), 6);
    CHECK_EQ(atomic_clear(&v), 6);
    CHECK_EQ(atomic_dec(&v), 0);
    CHECK_EQ(atomic_get(&v), -1);
}

static void atomic_logic_returns_previous_values(void) {
    atomic_t v = 0x0f;
    CHECK_EQ(atomic_or(&v, 0xf0), 0x0f);
    CHECK_EQ(atomic_and(&v, 0x3c), 0xff);
    CHECK_EQ(atomic_xor(&v, 0x0f), 0x3c);
    CHECK_EQ(atomic_get(&v), 0x33);
    CHECK_EQ(atomic_nand(&v, 0x11), 0x33);
    CHECK_EQ(atomic_get(&v), ~(atomic_val_t)0x11);
}

static void atomic_cas_swaps_only_on_match(void) {
    atomic_t v = 1;
    CHECK(!atomic_cas(&v, 2, 3));
    CHECK_EQ(atomic_get(&v), 1);
    CHECK(atomic_cas(&v, 1, 3));
    CHECK_EQ(atomic_get(&v), 3);
}

static void atomic_pointer_ops(void) {
    static int x, y;
    atomic_ptr_t p = ATOMIC_PTR_INIT(NULL);
    CHECK(atomic_ptr_get(&p) == NULL);
    CHECK(atomic_ptr_set(&p, &x) == NULL);
    CHECK(!atomic_ptr_cas(&p, &y, &y));
    CHECK(atomic_ptr_cas(&p, &x, &y));
    CHECK(atomic_ptr_get(&p) == &y);
    CHECK(atomic_ptr_clear(&p) == &y);
    CHECK(atomic_ptr_get(&p) == NULL);
}

static void atomic_bit_ops_span_words(void) {
    ATOMIC_DEFINE(bits, 100);
    CHECK_EQ(sizeof(bits) / sizeof(bits[0]), (100 + ATOMIC_BITS - 1) / ATOMIC_BITS);
    for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); ++i) {
        bits[i] = ATOMIC_INIT(0);
    }
    atomic_set_bit(bits, 0);
    atomic_set_bit(bits, 70);
    atomic_set_bit(bits, 99);
    CHECK(atomic_test_bit(bits, 0));
    CHECK(atomic_test_bit(bits, 70));
    CHECK(atomic_test_bit(bits, 99));
    CHECK(!atomic_test_bit(bits, 69));
    CHECK(!atomic_test_bit(bits, 1));
    CHECK(ATOMIC_ELEM(bits, 70) == &bits[70 / ATOMIC_BITS]);
    CHECK(bits[70 / ATOMIC_BITS] & ((atomic_val_t)1 << (70 % ATOMIC_BITS)));
    CHECK(atomic_test_and_clear_bit(bits, 70));
    CHECK(!atomic_test_and_clear_bit(bits, 70));
    CHECK(!atomic_test_and_set_bit(bits, 33));
    CHECK(atomic_test_and_set_bit(bits, 33));
    atomic_clear_bit(bits, 33);
    CHECK(!atomic_test_bit(bits, 33));
    atomic_set_bit_to(bits, 64, true);
    CHECK(atomic_test_bit(bits, 64));
    atomic_set_bit_to(bits, 64, false);
    CHECK(!atomic_test_bit(bits, 64));
    atomic_set_bit(bits, (int)ATOMIC_BITS - 1);
    CHECK(atomic_test_bit(bits, (int)ATOMIC_BITS - 1));
    CHECK(atomic_get(&bits[0]) < 0);
}

static void atomic_path_matches_configuration(void) {
    atomic_t v = 0;
    atomic_inc(&v);
    atomic_set_bit(&v, 3);
    #if MP_BLUETOOTH_ZEPHYR_ATOMIC_BUILTINS
    CHECK_EQ(test_irq_locks, 0);
    #else
    CHECK_EQ(test_irq_locks, 2);
    #endif
    CHECK_EQ(test_irq_depth, 0);
}

static void spinlock_and_irq_lock_nest(void) {
    struct k_spinlock lock = { 0 };
    k_spinlock_key_t outer = k_spin_lock(&lock);
    unsigned int key = irq_lock();
    CHECK_EQ(test_irq_depth, 2);
    irq_unlock(key);
    k_spin_unlock(&lock, outer);
    CHECK_EQ(test_irq_depth, 0);
}

int main(void) {
    RUN(atomic_arithmetic_returns_previous_values);
    RUN(atomic_logic_returns_previous_values);
    RUN(atomic_cas_swaps_only_on_match);
    RUN(atomic_pointer_ops);
    RUN(atomic_bit_ops_span_words);
    RUN(atomic_path_matches_configuration);
    RUN(spinlock_and_irq_lock_nest);
    return test_finish();
}
