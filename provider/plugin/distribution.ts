// Where users get the `cckm` plugin and the SDKs from: the schema's pluginDownloadURL and the Java package names.
// scripts/plugin.ts names the archives to match, and docs/installation-configuration.md explains both.

/**
 * The plugin archives are the assets of this repository's GitHub releases, tag `v<version>`, named
 * `pulumi-resource-cckm-v<version>-<os>-<arch>.tar.gz`: Pulumi's `github://` scheme resolves exactly that, so
 * `pulumi plugin install resource cckm <version>` and SDK-driven installs find them without further configuration.
 */
export const PLUGIN_DOWNLOAD_URL = "github://api.github.com/pulumi-cckm/pulumi-cckm";

/** The Java SDK's package (`io.github.pulumicckm.cckm`); its Maven coordinates are in scripts/toolchain/java.ts. */
export const JAVA_BASE_PACKAGE = "io.github.pulumicckm";
