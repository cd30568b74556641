//go:build tools

// Package tools pins pulumi-java's SDK generator and its Java language host (one Go module,
// github.com/pulumi/pulumi-java/pkg), so that `go mod tidy` records their modules in go.sum.
package tools

import (
	_ "github.com/pulumi/pulumi-java/pkg/cmd/pulumi-java-gen"
	_ "github.com/pulumi/pulumi-java/pkg/cmd/pulumi-language-java"
)
