// A portable header used as it is (a "real" header in usage terms).
#define BIT(n) (1u << (n))
