// Command pulumi-cckm-codegen writes a Pulumi package's SDK for one language from its schema, with the code
// generators of github.com/pulumi/pulumi/pkg/v3. The CLI here (3.248) delegates `pulumi package gen-sdk` to each
// language's plugin, and the plugins we can build (sdk/v3 v3.68.0) predate that call; the generators themselves are
// plain Go packages, so this small program calls them directly.
//
//	pulumi-cckm-codegen --schema schema.json --language python|go|nodejs|dotnet --out DIR [--version X.Y.Z] [--logo F]
//
// Files are written under DIR (which should be empty: nothing in it is deleted); the Go SDK lands in
// DIR/<package>/, as `pulumi package gen-sdk` lays it out. Nothing is fetched from the network (offline.go).
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/pkg/v3/codegen/dotnet"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// tool names the generator in the "do not edit" header of every generated file.
const tool = "pulumi-cckm-codegen"

func main() {
	schemaPath := flag.String("schema", "", "path of the package schema (JSON)")
	language := flag.String("language", "", "python, go, nodejs or dotnet")
	out := flag.String("out", "", "folder to write the SDK into")
	version := flag.String("version", "", "package version to stamp into the SDK (default: the schema's)")
	logo := flag.String("logo", "", "PNG file for the .NET package's logo (default: a plain square)")
	flag.Parse()
	if *schemaPath == "" || *language == "" || *out == "" || flag.NArg() != 0 {
		fmt.Fprintln(os.Stderr, "usage: pulumi-cckm-codegen --schema schema.json --language python|go|nodejs|dotnet --out DIR [--version X.Y.Z] [--logo F]")
		os.Exit(2)
	}
	if err := useOfflineLogo(*logo); err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-cckm-codegen: %s\n", err)
		os.Exit(1)
	}
	if err := generate(*schemaPath, *language, *out, *version); err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-cckm-codegen: %s\n", err)
		os.Exit(1)
	}
}

func generate(schemaPath, language, out, version string) error {
	pkg, err := load(schemaPath, version)
	if err != nil {
		return err
	}
	var files map[string][]byte
	switch language {
	case "python":
		files, err = python.GeneratePackage(tool, pkg, nil, nil)
	case "go":
		files, err = gogen.GeneratePackage(tool, pkg, nil)
	case "nodejs":
		files, err = nodejs.GeneratePackage(tool, pkg, nil, nil, false, nil)
	case "dotnet":
		files, err = dotnet.GeneratePackage(tool, pkg, nil, nil)
	default:
		return fmt.Errorf("unknown language %q: use python, go, nodejs or dotnet", language)
	}
	if err != nil {
		return fmt.Errorf("generating the %s SDK from %s: %w", language, schemaPath, err)
	}
	return write(out, files)
}

// load reads and validates the schema; every problem the binder finds is reported, not just the first.
func load(schemaPath, version string) (*schema.Package, error) {
	data, err := os.ReadFile(schemaPath)
	if err != nil {
		return nil, err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(data, &spec); err != nil {
		return nil, fmt.Errorf("%s is not a package schema: %w", schemaPath, err)
	}
	if version != "" {
		if _, err := semver.ParseTolerant(version); err != nil {
			return nil, fmt.Errorf("--version %q: %w", version, err)
		}
		spec.Version = version
	}
	pkg, diags, err := schema.BindSpec(spec, nil, schema.ValidationOptions{})
	if err != nil {
		return nil, fmt.Errorf("binding %s: %w", schemaPath, err)
	}
	if diags.HasErrors() {
		return nil, fmt.Errorf("%s is not a valid schema:\n%s", schemaPath, diags.Error())
	}
	return pkg, nil
}

func write(out string, files map[string][]byte) error {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		target := filepath.Join(out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(target, files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}
