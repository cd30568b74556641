//go:build tools

// Package tools pins the Pulumi YAML language host so that `go mod tidy` records every module it needs in go.sum.
package tools

import _ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
