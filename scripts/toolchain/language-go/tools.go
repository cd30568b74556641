//go:build tools

// Package tools pins the Go language host, part of sdk/v3 up to v3.66.0 (from v3.67.0 on it is a module of its
// own, which the module proxy reachable here refuses), so that `go mod tidy` records its modules in go.sum.
package tools

import (
	_ "github.com/pulumi/pulumi/sdk/v3/go/pulumi-language-go"
)
