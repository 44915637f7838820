/*
 * catalog: bsssim's fixed product world (regions, cloud service types,
 * resource types, sellable specifications with prices, usage types,
 * measurement units and conversions).
 *
 * Everything here is static const data: the seed builds resources from it,
 * the rules price renewals with it, and the routes answer the product and
 * rating operations (bss-api.md 6.1-6.8) from it. Entries are addressed by
 * their index; indexes are stable for a build (saved states record them).
 */
#ifndef BSS_SIM_CATALOG_H
#define BSS_SIM_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "util/money.h"

/* Display language of names (X-Language: zh_CN, the default, or en_US). */
enum cat_lang { CAT_ZH, CAT_EN };

/* Any casing of "en_US" / "en-us" selects English; anything else Chinese. */
enum cat_lang cat_lang_of(const char *x_language);
static inline const char *
cat_pick(enum cat_lang lang, const char *zh, const char *en)
{
	return lang == CAT_EN ? en : zh;
}

struct cat_region {
	const char *code;         /* "cn-north-4" */
	const char *name_zh, *name_en;
};

struct cat_service {
	const char *code;         /* "hws.service.type.ec2" */
	const char *abbr;         /* "ECS" */
	const char *name_zh, *name_en;
};

struct cat_rtype {
	const char *code;         /* "hws.resource.type.vm" */
	int service;              /* index into cat_services */
	const char *name_zh, *name_en;
	const char *desc_en;
};

/*
 * A sellable specification. Prices are list prices (official website).
 * Linear specs (disks, bandwidth) are priced per unit of size
 * (size_measure_id: 17 GB, 15 Mbps).
 */
struct cat_spec {
	const char *code;         /* resource_spec / resource_spec_code */
	int rtype;                /* index into cat_rtypes */
	const char *desc_zh, *desc_en;
	money_t hourly;           /* pay-per-use price per hour (per size unit if linear) */
	money_t monthly;          /* yearly/monthly price per month (per size unit if linear) */
	int size_measure_id;      /* 0 when not linear */
	int usage_type;           /* index into cat_usage_types: what pay-per-use meters */
	money_t usage_price;      /* pay-per-use price per unit of that usage */
};

struct cat_usage_type {
	const char *code;         /* "Duration", "upflow" */
	int rtype;
	const char *name_zh, *name_en;
	int measure_id;           /* unit usage is metered in */
};

struct cat_measure {
	int id;
	const char *name_zh, *name_en, *abbr;
	int type;                 /* E-MEASURETYPE */
};

struct cat_conversion {
	int measure_id, ref_measure_id;
	long long ratio;
	int measure_type;
};

extern const struct cat_region cat_regions[];
extern const size_t cat_nregions;
extern const struct cat_service cat_services[];
extern const size_t cat_nservices;
extern const struct cat_rtype cat_rtypes[];
extern const size_t cat_nrtypes;
extern const struct cat_spec cat_specs[];
extern const size_t cat_nspecs;
extern const struct cat_usage_type cat_usage_types[];
extern const size_t cat_nusage_types;
extern const struct cat_measure cat_measures[];
extern const size_t cat_nmeasures;
extern const struct cat_conversion cat_conversions[];
extern const size_t cat_nconversions;

/* Index of the entry with that code, or -1. */
int cat_region_find(const char *code);
int cat_service_find(const char *code);
int cat_rtype_find(const char *code);
int cat_spec_find(const char *code);
/* The first spec of resource type rtype whose code is code, or -1. */
int cat_spec_find_in(int rtype, const char *code);
/* The service a spec belongs to. */
int cat_spec_service(int spec);
/*
 * Stable product id of a spec for a billing mode ('P' yearly/monthly,
 * 'D' pay-per-use): "OFFI" + 20 digits derived from the spec code.
 */
const char *cat_product_id(int spec, char mode, char buf[32]);

#endif
