// pulumi-java's SDK generator (`pulumi-java-gen`) and Java language host (`pulumi-language-java`), both from the Go
// module github.com/pulumi/pulumi-java/pkg, built in one `go build` from the wrapper module scripts/toolchain/java
// and cached like the other parts; and a function that writes the Java SDK of a schema with them, as a Maven project.
//
// The generator's own build files are Gradle (not on these machines); the SDK is generated without build files and
// gets a pom.xml of ours that compiles it against `com.pulumi:pulumi` from Maven Central at the generator's version.
import * as fs from "fs";
import * as path from "path";
import {
  cacheRoot,
  ensureCached,
  execFileAsync,
  goAvailable,
  goDownload,
  goEnv,
  isExecutable,
  pinnedVersion,
  run,
  say,
  seconds,
  ToolchainOptions,
  wrapperDigest,
  wrapperDir,
} from "./common";

const wrapper = "java";
const javaModule = "github.com/pulumi/pulumi-java/pkg";
const names = ["pulumi-java-gen", "pulumi-language-java"];

export interface JavaTools {
  /** Absolute path of `pulumi-java-gen`. */
  generator: string;
  /** Absolute path of `pulumi-language-java`. */
  host: string;
  /** The folder of both: put it on PATH (after the CLI's) so that the CLI finds the host. */
  dir: string;
  /** pulumi-java's version, which is also the `com.pulumi:pulumi` version the generated SDK compiles against. */
  version: string;
}

/** The version of `com.pulumi:pulumi` (Maven Central) that goes with the pulumi-java the wrapper pins. */
export function javaSdkVersion(): string {
  return pinnedVersion(wrapper, javaModule);
}

/** Both binaries, built once per pulumi-java version and wrapper digest. */
export async function ensureJavaTools(opts: ToolchainOptions = {}): Promise<JavaTools> {
  const started = Date.now();
  const version = javaSdkVersion();
  const versionDir = path.join(cacheRoot(), `java-${version}-${wrapperDigest(wrapper)}`);
  if (!names.every((n) => isExecutable(path.join(versionDir, "bin", n))) && !(await goAvailable())) {
    throw new Error(`${names.join(" and ")} are built with Go, which is not installed: install Go >= 1.24.`);
  }
  const { dir, built } = await ensureCached(
    {
      versionDir,
      what: names.join(" and "),
      files: names,
      build: async (tmp, log) => {
        say(opts, `building ${names.join(" and ")} (pulumi-java v${version}) with Go; log: ${log}`);
        await goDownload(wrapper, log);
        const ldflags = `-s -w -X ${javaModule}/version.Version=${version.replace(/^v/, "")}`;
        // one command for both: they share nearly every package, compiled once
        const pkgs = names.map((n) => `${javaModule}/cmd/${n}`);
        await run(
          "go",
          ["build", "-trimpath", "-ldflags", ldflags, "-o", tmp + path.sep, ...pkgs],
          path.join(wrapperDir, wrapper),
          goEnv(),
          log,
        );
      },
    },
    opts,
  );
  say(
    opts,
    `${names.join(" and ")} (pulumi-java v${version}) ${built ? "built" : "from cache"} at ${dir} (${seconds(started)})`,
  );
  return {
    generator: path.join(dir, names[0]),
    host: path.join(dir, names[1]),
    dir,
    version: version.replace(/^v/, ""),
  };
}

/** Maven coordinates of the generated SDK. */
export const JAVA_GROUP_ID = "io.github.pulumi-cckm";
export const JAVA_ARTIFACT_ID = "cckm";

/** The SDK's pom.xml: the generated sources (and resources, in Maven's default folders), compiled for Java 11 against com.pulumi:pulumi. */
export function javaPom(version: string, sdkVersion: string, description: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by scripts/toolchain/java.ts (npm run gen-sdk) with the SDK that pulumi-java-gen generated. -->
<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 http://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>${JAVA_GROUP_ID}</groupId>
  <artifactId>${JAVA_ARTIFACT_ID}</artifactId>
  <version>${version}</version>
  <packaging>jar</packaging>
  <description>${description.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</description>
  <licenses>
    <license>
      <name>Apache-2.0</name>
    </license>
  </licenses>
  <properties>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
    <maven.compiler.release>11</maven.compiler.release>
  </properties>
  <dependencies>
    <dependency>
      <groupId>com.pulumi</groupId>
      <artifactId>pulumi</artifactId>
      <version>${sdkVersion}</version>
    </dependency>
    <!-- what generated code may reference, at the versions pulumi-java's generator defaults to -->
    <dependency>
      <groupId>com.google.code.gson</groupId>
      <artifactId>gson</artifactId>
      <version>2.8.9</version>
    </dependency>
    <dependency>
      <groupId>com.google.code.findbugs</groupId>
      <artifactId>jsr305</artifactId>
      <version>3.0.2</version>
    </dependency>
  </dependencies>
  <build>
    <plugins>
      <!-- Maven's default compiler plugin predates maven.compiler.release -->
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-compiler-plugin</artifactId>
        <version>3.13.0</version>
      </plugin>
    </plugins>
  </build>
</project>
`;
}

/**
 * Writes the Java SDK of `schemaFile` into `outDir` (emptied first): pulumi-java-gen's sources and resources, and
 * the pom.xml above. Returns the generated files, relative to outDir.
 */
export async function generateJavaSdk(
  schemaFile: string,
  outDir: string,
  opts: ToolchainOptions & { version: string; description: string },
): Promise<void> {
  const tools = await ensureJavaTools(opts);
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  // --out is taken relative to the working directory, even when absolute
  const args = ["generate", "--schema", path.resolve(schemaFile), "--out", ".", "--build", "none"];
  args.push("--version", opts.version, "--sdk", tools.version);
  try {
    await execFileAsync(tools.generator, args, { cwd: outDir, timeout: 5 * 60_000, maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    const e = err as Error & { stderr?: string };
    throw new Error(`pulumi-java-gen could not write the Java SDK of ${schemaFile}: ${e.stderr?.trim() || e.message}`);
  }
  fs.writeFileSync(path.join(outDir, "pom.xml"), javaPom(opts.version, tools.version, opts.description));
}
