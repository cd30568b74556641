//go:build tools

// Package tools pins the Node.js language host so that `go mod tidy` records its modules in go.sum.
package tools

import _ "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"
