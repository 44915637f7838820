#include "sim/catalog.h"

#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

/* Prices are written in ten-thousandths of a currency unit: P(1200) = 0.12. */
#define P(x) ((money_t)(x) * (MONEY_SCALE / 10000))

const struct cat_region cat_regions[] = {
	{ "cn-north-4", "华北-北京四", "CN North-Beijing4" },
	{ "cn-east-3", "华东-上海一", "CN East-Shanghai1" },
	{ "cn-south-1", "华南-广州", "CN South-Guangzhou" },
	{ "ap-southeast-1", "中国-香港", "CN-Hong Kong" },
	{ "cn-north-1", "华北-北京一", "CN North-Beijing1" },
};
const size_t cat_nregions = sizeof(cat_regions) / sizeof(cat_regions[0]);

enum { S_ECS, S_EVS, S_RDS, S_OBS, S_CDN, S_DCS, S_ELB, S_VPC, S_DES, S_DDS, S_CCE, S_WAF, S_SFS };

const struct cat_service cat_services[] = {
	[S_ECS] = { "hws.service.type.ec2", "ECS", "弹性云服务器", "Elastic Cloud Server" },
	[S_EVS] = { "hws.service.type.ebs", "EVS", "云硬盘", "Elastic Volume Service" },
	[S_RDS] = { "hws.service.type.rds", "RDS", "云数据库 RDS", "Relational Database Service" },
	[S_OBS] = { "hws.service.type.obs", "OBS", "对象存储服务", "Object Storage Service" },
	[S_CDN] = { "hws.service.type.cdn", "CDN", "内容分发网络", "Content Delivery Network" },
	[S_DCS] = { "hws.service.type.dcs", "DCS", "分布式缓存服务", "Distributed Cache Service" },
	[S_ELB] = { "hws.service.type.elb", "ELB", "弹性负载均衡", "Elastic Load Balance" },
	[S_VPC] = { "hws.service.type.vpc", "VPC", "虚拟私有云", "Virtual Private Cloud" },
	[S_DES] = { "hws.service.type.des", "DES", "数据快递服务", "Data Express Service" },
	[S_DDS] = { "hws.service.type.dds", "DDS", "文档数据库服务", "Document Database Service" },
	[S_CCE] = { "hws.service.type.cce", "CCE", "云容器引擎", "Cloud Container Engine" },
	[S_WAF] = { "hws.service.type.waf", "WAF", "Web应用防火墙", "Web Application Firewall" },
	[S_SFS] = { "hws.service.type.sfs", "SFS", "弹性文件服务", "Scalable File Service" },
};
const size_t cat_nservices = sizeof(cat_services) / sizeof(cat_services[0]);

enum { R_VM, R_VOLUME, R_RDS, R_OBS, R_CDN, R_DCS, R_ELB, R_IP, R_BW, R_DES, R_DDS, R_CCE,
	R_WAF, R_SFS };

const struct cat_rtype cat_rtypes[] = {
	[R_VM] = { "hws.resource.type.vm", S_ECS, "云主机", "VM", "Elastic cloud server instance" },
	[R_VOLUME] = { "hws.resource.type.volume", S_EVS, "云硬盘", "Disk", "Block storage volume" },
	[R_RDS] = { "hws.resource.type.rds.vm", S_RDS, "云数据库实例", "DB instance",
		"Relational database instance" },
	[R_OBS] = { "hws.resource.type.obs", S_OBS, "对象存储", "Object storage",
		"Object storage capacity and requests" },
	[R_CDN] = { "hws.resource.type.cdn", S_CDN, "CDN加速", "CDN acceleration",
		"Content delivery acceleration" },
	[R_DCS] = { "hws.resource.type.dcs", S_DCS, "缓存实例", "Cache instance", "Redis cache instance" },
	[R_ELB] = { "hws.resource.type.elb", S_ELB, "负载均衡器", "Load balancer",
		"Dedicated load balancer" },
	[R_IP] = { "hws.resource.type.ip", S_VPC, "弹性公网IP", "EIP", "Elastic public IP address" },
	[R_BW] = { "hws.resource.type.bandwidth", S_VPC, "带宽", "Bandwidth", "Public bandwidth" },
	[R_DES] = { "hws.resource.type.des", S_DES, "数据快递", "Data express", "Offline data transfer" },
	[R_DDS] = { "hws.resource.type.dds", S_DDS, "文档数据库实例", "DDS instance",
		"MongoDB-compatible instance" },
	[R_CCE] = { "hws.resource.type.cce.cluster", S_CCE, "容器集群", "Cluster",
		"Kubernetes cluster management" },
	[R_WAF] = { "hws.resource.type.waf", S_WAF, "Web应用防火墙", "WAF instance",
		"Web application firewall edition" },
	[R_SFS] = { "hws.resource.type.sfs", S_SFS, "文件系统", "File system", "Shared file system" },
};
const size_t cat_nrtypes = sizeof(cat_rtypes) / sizeof(cat_rtypes[0]);

enum { U_VM, U_VOLUME, U_RDS, U_OBS_CAP, U_OBS_REQ, U_CDN, U_DCS, U_ELB, U_IP, U_BW_FLOW,
	U_BW, U_DES, U_DDS, U_CCE, U_WAF, U_SFS };

const struct cat_usage_type cat_usage_types[] = {
	[U_VM] = { "Duration", R_VM, "时长", "Duration", 4 },
	[U_VOLUME] = { "Duration", R_VOLUME, "时长", "Duration", 4 },
	[U_RDS] = { "Duration", R_RDS, "时长", "Duration", 4 },
	[U_OBS_CAP] = { "capacity", R_OBS, "存储容量", "Storage capacity", 10 },
	[U_OBS_REQ] = { "reqNumber", R_OBS, "请求次数", "Number of requests", 31 },
	[U_CDN] = { "downflow", R_CDN, "下行流量", "Downstream traffic", 10 },
	[U_DCS] = { "Duration", R_DCS, "时长", "Duration", 4 },
	[U_ELB] = { "Duration", R_ELB, "时长", "Duration", 4 },
	[U_IP] = { "Duration", R_IP, "时长", "Duration", 4 },
	[U_BW_FLOW] = { "upflow", R_BW, "上行流量", "Upstream traffic", 10 },
	[U_BW] = { "Duration", R_BW, "时长", "Duration", 4 },
	[U_DES] = { "Duration", R_DES, "时长", "Duration", 4 },
	[U_DDS] = { "Duration", R_DDS, "时长", "Duration", 4 },
	[U_CCE] = { "Duration", R_CCE, "时长", "Duration", 4 },
	[U_WAF] = { "Duration", R_WAF, "时长", "Duration", 4 },
	[U_SFS] = { "capacity", R_SFS, "存储容量", "Storage capacity", 10 },
};
const size_t cat_nusage_types = sizeof(cat_usage_types) / sizeof(cat_usage_types[0]);

/* code, rtype, descriptions, hourly, monthly, size measure, usage type, usage price */
const struct cat_spec cat_specs[] = {
	{ "s6.small.1.linux", R_VM, "通用计算型 s6.small.1 1vCPU 1GiB Linux",
		"General computing s6.small.1 1 vCPU 1 GiB Linux", P(1200), P(310000), 0, U_VM, P(1200) },
	{ "s6.medium.2.linux", R_VM, "通用计算型 s6.medium.2 1vCPU 2GiB Linux",
		"General computing s6.medium.2 1 vCPU 2 GiB Linux", P(3000), P(770000), 0, U_VM, P(3000) },
	{ "s6.large.2.linux", R_VM, "通用计算型 s6.large.2 2vCPUs 4GiB Linux",
		"General computing s6.large.2 2 vCPUs 4 GiB Linux", P(6000), P(1540000), 0, U_VM, P(6000) },
	{ "s6.xlarge.2.linux", R_VM, "通用计算型 s6.xlarge.2 4vCPUs 8GiB Linux",
		"General computing s6.xlarge.2 4 vCPUs 8 GiB Linux", P(12000), P(3080000), 0, U_VM,
		P(12000) },
	{ "c7.large.2.linux", R_VM, "通用计算增强型 c7.large.2 2vCPUs 4GiB Linux",
		"General computing-plus c7.large.2 2 vCPUs 4 GiB Linux", P(7100), P(1836000), 0, U_VM,
		P(7100) },
	{ "c7.xlarge.4.linux", R_VM, "通用计算增强型 c7.xlarge.4 4vCPUs 16GiB Linux",
		"General computing-plus c7.xlarge.4 4 vCPUs 16 GiB Linux", P(18100), P(4675000), 0, U_VM,
		P(18100) },
	{ "m6.2xlarge.8.linux", R_VM, "内存优化型 m6.2xlarge.8 8vCPUs 64GiB Linux",
		"Memory-optimized m6.2xlarge.8 8 vCPUs 64 GiB Linux", P(36200), P(9350000), 0, U_VM,
		P(36200) },
	{ "s6.large.2.win", R_VM, "通用计算型 s6.large.2 2vCPUs 4GiB Windows",
		"General computing s6.large.2 2 vCPUs 4 GiB Windows", P(8800), P(2280000), 0, U_VM,
		P(8800) },
	{ "s2.small.1.linux", R_VM, "通用计算型 s2.small.1 1vCPU 1GiB Linux",
		"General computing s2.small.1 1 vCPU 1 GiB Linux", P(1100), P(290000), 0, U_VM, P(1100) },
	{ "SATA", R_VOLUME, "普通IO云硬盘", "Common I/O disk", P(4), P(3000), 17, U_VOLUME, P(4) },
	{ "SAS", R_VOLUME, "高IO云硬盘", "High I/O disk", P(5), P(3500), 17, U_VOLUME, P(5) },
	{ "GPSSD", R_VOLUME, "通用型SSD云硬盘", "General purpose SSD disk", P(7), P(5000), 17,
		U_VOLUME, P(7) },
	{ "SSD", R_VOLUME, "超高IO云硬盘", "Ultra-high I/O disk", P(14), P(10000), 17, U_VOLUME,
		P(14) },
	{ "rds.mysql.x1.large.2.ha", R_RDS, "MySQL 主备 2vCPUs 4GiB", "MySQL primary/standby 2 vCPUs 4 GiB",
		P(16500), P(8800000), 0, U_RDS, P(16500) },
	{ "rds.mysql.n1.large.2", R_RDS, "MySQL 单机 2vCPUs 4GiB", "MySQL single 2 vCPUs 4 GiB",
		P(8200), P(4200000), 0, U_RDS, P(8200) },
	{ "rds.pg.c6.xlarge.4.ha", R_RDS, "PostgreSQL 主备 4vCPUs 16GiB",
		"PostgreSQL primary/standby 4 vCPUs 16 GiB", P(26000), P(14000000), 0, U_RDS, P(26000) },
	{ "obs.standard.storage", R_OBS, "标准存储 容量", "Standard storage capacity", P(2), P(990),
		17, U_OBS_CAP, P(2) },
	{ "obs.standard.request", R_OBS, "标准存储 请求", "Standard storage requests", 0, 0, 0,
		U_OBS_REQ, P(100) },
	{ "cdn.mainland.traffic", R_CDN, "中国大陆 流量计费", "Chinese mainland, billed by traffic",
		0, P(12000000), 0, U_CDN, P(2000) },
	{ "redis.ha.xu1.large.r2.2", R_DCS, "Redis 主备 2GB", "Redis master/standby 2 GB", P(2800),
		P(1400000), 0, U_DCS, P(2800) },
	{ "redis.single.xu1.large.1", R_DCS, "Redis 单机 1GB", "Redis single-node 1 GB", P(1000),
		P(440000), 0, U_DCS, P(1000) },
	{ "elbv3.basic.1az", R_ELB, "独享型 网络型(TCP/UDP) 小型I 单AZ", "Dedicated network small I, 1 AZ",
		P(700), P(390000), 0, U_ELB, P(700) },
	{ "elbv3.pro.2az", R_ELB, "独享型 应用型(HTTP/HTTPS) 中型II 双AZ",
		"Dedicated application medium II, 2 AZs", P(3000), P(1500000), 0, U_ELB, P(3000) },
	{ "5_bgp", R_IP, "全动态BGP 弹性公网IP", "Dynamic BGP EIP", P(200), P(200000), 0, U_IP, P(200) },
	{ "5_sbgp", R_IP, "优选BGP 弹性公网IP", "Premium BGP EIP", P(200), P(200000), 0, U_IP, P(200) },
	{ "19_bgp", R_BW, "全动态BGP 按带宽计费", "Dynamic BGP, billed by bandwidth", P(630), P(230000),
		15, U_BW, P(630) },
	{ "19_share", R_BW, "共享带宽 按带宽计费", "Shared bandwidth, billed by bandwidth", P(800),
		P(250000), 15, U_BW, P(800) },
	{ "12_bgp", R_BW, "全动态BGP 按流量计费", "Dynamic BGP, billed by traffic", 0, 0, 0, U_BW_FLOW,
		P(8000) },
	{ "des.teleport.30tb", R_DES, "Teleport 30TB 数据快递", "Teleport 30 TB data express", P(12500),
		P(3000000), 0, U_DES, P(12500) },
	{ "dds.mongodb.s6.large.2.repset", R_DDS, "MongoDB 副本集 2vCPUs 4GiB",
		"MongoDB replica set 2 vCPUs 4 GiB", P(12000), P(6000000), 0, U_DDS, P(12000) },
	{ "cce.s2.small", R_CCE, "CCE 集群 50节点 高可用", "CCE cluster, 50 nodes, HA", P(6000),
		P(2000000), 0, U_CCE, P(6000) },
	{ "waf.professional", R_WAF, "WAF 专业版", "WAF professional edition", P(53900), P(38800000),
		0, U_WAF, P(53900) },
	{ "sfs.turbo.standard", R_SFS, "SFS Turbo 标准型", "SFS Turbo standard", P(11), P(8000), 17,
		U_SFS, P(11) },
};
const size_t cat_nspecs = sizeof(cat_specs) / sizeof(cat_specs[0]);

const struct cat_measure cat_measures[] = {
	{ 1, "元", "Yuan", "CNY", 1 },
	{ 2, "角", "Jiao", "Jiao", 1 },
	{ 3, "分", "Fen", "Fen", 1 },
	{ 4, "小时", "Hour", "h", 2 },
	{ 5, "天", "Day", "d", 2 },
	{ 6, "月", "Month", "mo", 2 },
	{ 7, "年", "Year", "yr", 2 },
	{ 10, "GB", "GB", "G", 3 },
	{ 11, "MB", "MB", "M", 3 },
	{ 12, "TB", "TB", "T", 3 },
	{ 14, "个", "Pieces", "pcs", 4 },
	{ 15, "Mbps", "Mbps", "Mbps", 16 },
	{ 16, "Gbps", "Gbps", "Gbps", 16 },
	{ 17, "GB", "GB", "G", 7 },
	{ 18, "MB", "MB", "M", 7 },
	{ 19, "TB", "TB", "T", 7 },
	{ 21, "分钟", "Minute", "min", 2 },
	{ 22, "秒", "Second", "s", 2 },
	{ 30, "次", "Times", "times", 12 },
	{ 31, "万次", "10,000 times", "10k times", 12 },
};
const size_t cat_nmeasures = sizeof(cat_measures) / sizeof(cat_measures[0]);

const struct cat_conversion cat_conversions[] = {
	{ 1, 2, 10, 1 },
	{ 2, 3, 10, 1 },
	{ 7, 6, 12, 2 },
	{ 5, 4, 24, 2 },
	{ 4, 21, 60, 2 },
	{ 21, 22, 60, 2 },
	{ 12, 10, 1024, 3 },
	{ 10, 11, 1024, 3 },
	{ 16, 15, 1000, 16 },
	{ 19, 17, 1024, 7 },
	{ 17, 18, 1024, 7 },
	{ 31, 30, 10000, 12 },
};
const size_t cat_nconversions = sizeof(cat_conversions) / sizeof(cat_conversions[0]);

enum cat_lang
cat_lang_of(const char *x_language)
{
	if (x_language != NULL && strncasecmp(x_language, "en", 2) == 0)
		return CAT_EN;
	return CAT_ZH;
}

/* Codes are compared case-insensitively, as the API documents for them. */
#define FIND(table, n, field, code)                                     \
	do {                                                            \
		if ((code) == NULL)                                     \
			return -1;                                      \
		for (size_t i_ = 0; i_ < (n); i_++)                     \
			if (strcasecmp((table)[i_].field, (code)) == 0) \
				return (int)i_;                         \
		return -1;                                              \
	} while (0)

int
cat_region_find(const char *code)
{
	FIND(cat_regions, cat_nregions, code, code);
}

int
cat_service_find(const char *code)
{
	FIND(cat_services, cat_nservices, code, code);
}

int
cat_rtype_find(const char *code)
{
	FIND(cat_rtypes, cat_nrtypes, code, code);
}

int
cat_spec_find(const char *code)
{
	FIND(cat_specs, cat_nspecs, code, code);
}

int
cat_spec_find_in(int rtype, const char *code)
{
	if (code == NULL)
		return -1;
	for (size_t i = 0; i < cat_nspecs; i++)
		if (cat_specs[i].rtype == rtype && strcasecmp(cat_specs[i].code, code) == 0)
			return (int)i;
	return -1;
}

int
cat_spec_service(int spec)
{
	return cat_rtypes[cat_specs[spec].rtype].service;
}

const char *
cat_product_id(int spec, char mode, char buf[32])
{
	/* FNV-1a of the code: stable across builds and seeds. */
	uint64_t h = 1469598103934665603ULL;

	for (const char *p = cat_specs[spec].code; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	h = (h ^ (unsigned char)mode) * 1099511628211ULL;
	snprintf(buf, 32, "OFFI%020llu", (unsigned long long)h);
	return buf;
}
