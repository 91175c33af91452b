// The real kernel header, which the generated shadow must hide.
#error "the shadow kernel.h must be found first"
