//go:build tools

// Package tools pins actionlint (the GitHub Actions workflow linter the example tests run) so that `go mod tidy`
// records every module it needs in go.sum.
package tools

import _ "github.com/rhysd/actionlint/cmd/actionlint"
