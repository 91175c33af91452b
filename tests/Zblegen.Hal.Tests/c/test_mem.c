// k_mem_slab and k_heap/k_malloc through the port's heap hooks.

#include <string.h>

#include "hal_test.h"

struct thing {
    uint32_t a;
    uint16_t b;
};

K_MEM_SLAB_DEFINE(slab, sizeof(struct thing), 3, 4);
K_MEM_SLAB_DEFINE_STATIC(odd_slab, 5, 2, 1);

static void *blocks[4];

static void slab_exhaustion_is_enomem_and_release_reuses(void) {
    for (int i = 0; i < 3; ++i) {
        CHECK_EQ(k_mem_slab_alloc(&slab, &blocks[i], K_NO_WAIT), 0);
        CHECK(blocks[i] != NULL);
    }
    CHECK(blocks[0] != blocks[1] && blocks[1] != blocks[2] && blocks[0] != blocks[2]);
    CHECK_EQ(k_mem_slab_num_used_get(&slab), 3);
    CHECK_EQ(k_mem_slab_num_free_get(&slab), 0);
    blocks[3] = (void *)0x1;
    CHECK_EQ(k_mem_slab_alloc(&slab, &blocks[3], K_NO_WAIT), -ENOMEM);
    CHECK(blocks[3] == NULL);
    CHECK_EQ(test_idle_calls, 0);
    k_mem_slab_free(&slab, blocks[1]);
    CHECK_EQ(k_mem_slab_num_free_get(&slab), 1);
    CHECK_EQ(k_mem_slab_alloc(&slab, &blocks[3], K_NO_WAIT), 0);
    CHECK(blocks[3] == blocks[1]);
    CHECK_EQ(k_mem_slab_max_used_get(&slab), 3);
    for (int i = 0; i < 3; ++i) {
        k_mem_slab_free(&slab, blocks[i == 1 ? 3 : i]);
    }
    CHECK_EQ(k_mem_slab_num_used_get(&slab), 0);
    CHECK_EQ(mp_bluetooth_zephyr_hal_slab_used_total(), 0);
}

static void slab_blocks_are_aligned_and_disjoint(void) {
    void *a, *b;
    CHECK_EQ(k_mem_slab_alloc(&odd_slab, &a, K_NO_WAIT), 0);
    CHECK_EQ(k_mem_slab_alloc(&odd_slab, &b, K_NO_WAIT), 0);
    CHECK_EQ((uintptr_t)a % sizeof(void *), 0);
    CHECK_EQ((uintptr_t)b % sizeof(void *), 0);
    CHECK((char *)b - (char *)a >= 5 || (char *)a - (char *)b >= 5);
    memset(a, 0xaa, 5);
    memset(b, 0x55, 5);
    CHECK_EQ(((uint8_t *)a)[4], 0xaa);
    CHECK_EQ(mp_bluetooth_zephyr_hal_slab_used_total(), 2);
    k_mem_slab_free(&odd_slab, a);
    k_mem_slab_free(&odd_slab, b);
    CHECK_EQ(mp_bluetooth_zephyr_hal_slab_used_total(), 0);
}

static void *held;

static void free_from_work(struct k_work *w) {
    (void)w;
    k_mem_slab_free(&slab, held);
}

static void slab_alloc_waits_for_a_free_from_work(void) {
    static struct k_work_delayable d;
    void *mem[3];
    for (int i = 0; i < 3; ++i) {
        k_mem_slab_alloc(&slab, &mem[i], K_NO_WAIT);
    }
    held = mem[2];
    CHECK_EQ(k_mem_slab_alloc(&slab, &blocks[0], K_MSEC(5)), -EAGAIN);
    CHECK(blocks[0] == NULL);
    CHECK_EQ(test_clock_ms, 5);
    k_work_init_delayable(&d, free_from_work);
    k_work_schedule(&d, K_MSEC(3));
    CHECK_EQ(k_mem_slab_alloc(&slab, &blocks[0], K_MSEC(50)), 0);
    CHECK(blocks[0] == held);
    CHECK_EQ(test_clock_ms, 8);
    k_mem_slab_free(&slab, mem[0]);
    k_mem_slab_free(&slab, mem[1]);
    k_mem_slab_free(&slab, blocks[0]);
}

static void slab_init_checks_its_arguments(void) {
    static struct k_mem_slab s;
    static void *buf[8];
    CHECK_EQ(k_mem_slab_init(&s, buf, 1, 4), -EINVAL);
    CHECK_EQ(k_mem_slab_init(&s, (char *)buf + 1, sizeof(void *), 4), -EINVAL);
    CHECK_EQ(k_mem_slab_init(&s, buf, sizeof(void *) * 2, 4), 0);
    void *a;
    for (int i = 0; i < 4; ++i) {
        CHECK_EQ(k_mem_slab_alloc(&s, &a, K_NO_WAIT), 0);
        CHECK((void **)a >= buf && (void **)a < buf + 8);
    }
    CHECK_EQ(k_mem_slab_alloc(&s, &a, K_NO_WAIT), -ENOMEM);
    CHECK_EQ(k_mem_slab_init(&s, buf, sizeof(void *) * 2, 4), 0);
    CHECK_EQ(k_mem_slab_num_used_get(&s), 0);
}

// ---------------------------------------------------------------------------

static void kmalloc_goes_through_the_port_hooks(void) {
    uint8_t *p = k_malloc(100);
    CHECK(p != NULL);
    CHECK_EQ(test_mallocs, 1);
    CHECK_EQ(mp_bluetooth_zephyr_hal_heap_used_total(), 100);
    memset(p, 0x5a, 100);
    uint8_t *z = k_calloc(10, 10);
    CHECK(z != NULL);
    for (int i = 0; i < 100; ++i) {
        CHECK_EQ(z[i], 0);
    }
    CHECK_EQ(mp_bluetooth_zephyr_hal_heap_used_total(), 200);
    k_free(p);
    k_free(z);
    k_free(NULL);
    CHECK_EQ(test_frees, 2);
    CHECK_EQ(mp_bluetooth_zephyr_hal_heap_used_total(), 0);
    CHECK(k_calloc(SIZE_MAX / 2, 4) == NULL);
    test_malloc_fails = true;
    CHECK(k_malloc(8) == NULL);
}

static void kmalloc_is_max_aligned(void) {
    void *p = k_malloc(1);
    void *q = k_aligned_alloc(MP_BLUETOOTH_ZEPHYR_HEAP_ALIGN, 3);
    CHECK_EQ((uintptr_t)p % MP_BLUETOOTH_ZEPHYR_HEAP_ALIGN, 0);
    CHECK_EQ((uintptr_t)q % MP_BLUETOOTH_ZEPHYR_HEAP_ALIGN, 0);
    CHECK(k_aligned_alloc(MP_BLUETOOTH_ZEPHYR_HEAP_ALIGN * 2, 3) == NULL);
    k_free(p);
    k_free(q);
}

K_HEAP_DEFINE(budget_heap, 100);

static void *heap_held;

static void heap_free_from_work(struct k_work *w) {
    (void)w;
    k_heap_free(&budget_heap, heap_held);
}

static void heap_is_a_budget_and_alloc_can_wait(void) {
    static struct k_work_delayable d;
    heap_held = k_heap_alloc(&budget_heap, 60, K_NO_WAIT);
    CHECK(heap_held != NULL);
    CHECK(k_heap_alloc(&budget_heap, 60, K_NO_WAIT) == NULL);
    CHECK(k_heap_alloc(&budget_heap, 60, K_MSEC(4)) == NULL);
    CHECK_EQ(test_clock_ms, 4);
    void *small = k_heap_calloc(&budget_heap, 4, 10, K_NO_WAIT);
    CHECK(small != NULL);
    CHECK_EQ(budget_heap.used, 100);
    k_work_init_delayable(&d, heap_free_from_work);
    k_work_schedule(&d, K_MSEC(6));
    void *p = k_heap_alloc(&budget_heap, 60, K_MSEC(100));
    CHECK(p != NULL);
    CHECK_EQ(test_clock_ms, 10);
    k_heap_free(&budget_heap, p);
    k_heap_free(&budget_heap, small);
    CHECK_EQ(budget_heap.used, 0);
    CHECK_EQ(budget_heap.allocs, 0);
    CHECK_EQ(test_mallocs, test_frees);
}

static void slab_registry_names_slabs_for_leak_reports(void) {
    void *a;
    CHECK_EQ(k_mem_slab_alloc(&slab, &a, K_NO_WAIT), 0);
    bool found = false;
    for (struct k_mem_slab *s = mp_bluetooth_zephyr_hal_slab_next(NULL); s != NULL;
         s = mp_bluetooth_zephyr_hal_slab_next(s)) {
        if (s == &slab) {
            found = true;
            CHECK(strcmp(s->name, "slab") == 0);
            CHECK_EQ(k_mem_slab_num_free_get(s), 2);
        }
    }
    CHECK(found);
    k_mem_slab_free(&slab, a);
}

int main(void) {
    RUN(slab_exhaustion_is_enomem_and_release_reuses);
    RUN(slab_blocks_are_aligned_and_disjoint);
    RUN(slab_alloc_waits_for_a_free_from_work);
    RUN(slab_init_checks_its_arguments);
    RUN(kmalloc_goes_through_the_port_hooks);
    RUN(kmalloc_is_max_aligned);
    RUN(heap_is_a_budget_and_alloc_can_wait);
    RUN(slab_registry_names_slabs_for_leak_reports);
    return test_finish();
}
