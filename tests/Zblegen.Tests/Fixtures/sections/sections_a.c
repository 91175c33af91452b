// Iterable-section and SYS_INIT entries from one translation unit.
#include <stdio.h>
#include <zephyr/init.h>

struct item {
    int value;
    const char *label;
};

STRUCT_SECTION_ITERABLE(item, item_a) = { 1, "a" };
STRUCT_SECTION_ITERABLE(item, item_b) = { 2, "b" };

static int app_late(void) {
    printf("init app 10\n");
    return 0;
}
SYS_INIT(app_late, APPLICATION, 10);

static int post_kernel_20(void) {
    printf("init post_kernel 20\n");
    return -5;
}
SYS_INIT(post_kernel_20, POST_KERNEL, 20);
