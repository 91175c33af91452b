#ifndef BROKEN_H
#define BROKEN_H
int broken_ok(void);
int broken_bad(undeclared_type_t x);
#endif
