//go:build tools

// Package tools pins the Node.js and Python language hosts (both part of sdk/v3 up to v3.68.0) so that
// `go mod tidy` records their modules in go.sum.
package tools

import (
	_ "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"
	_ "github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python"
)
