// More entries from a second translation unit, and the checks.
#include <stdio.h>
#include <zephyr/init.h>

struct item {
    int value;
    const char *label;
};

struct unused_type {
    int x;
};

STRUCT_SECTION_ITERABLE(item, item_c) = { 3, "c" };

static int post_kernel_5(void) {
    printf("init post_kernel 5\n");
    return 0;
}
SYS_INIT(post_kernel_5, POST_KERNEL, 5);

static int pre_kernel(void) {
    printf("init pre_kernel_1 50\n");
    return 0;
}
SYS_INIT(pre_kernel, PRE_KERNEL_1, 50);

int main(void) {
    int sum = 0, count = 0, indexed = 1;
    char order[8] = "";
    STRUCT_SECTION_FOREACH(item, it) {
        if (count < 7) {
            order[count] = it->label[0];
        }
        struct item *same;
        STRUCT_SECTION_GET(item, count, &same);
        indexed &= same == it;
        sum += it->value;
        count++;
    }
    size_t n;
    STRUCT_SECTION_COUNT(item, &n);
    printf("items %d sum %d count %u indexed %d order %s\n", count, sum, (unsigned)n, indexed, order);
    int unused = 0;
    STRUCT_SECTION_FOREACH(unused_type, u) {
        unused += u->x + 1;
    }
    printf("unused %d\n", unused);
    printf("inits returned %d\n", mp_bluetooth_zephyr_hal_run_inits());
    return 0;
}
