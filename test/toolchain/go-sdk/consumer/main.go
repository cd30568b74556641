// Package main is a Pulumi Go program that declares the generated SDK's resource; the codegen test builds it.
package main

import (
	"example.com/echo/sdk/go/echo"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		res, err := echo.NewEcho(ctx, "echo", &echo.EchoArgs{
			Message: pulumi.String("hello"),
			Repeat:  pulumi.IntPtr(2),
			Tags:    pulumi.StringArray{pulumi.String("a")},
		})
		if err != nil {
			return err
		}
		ctx.Export("length", res.Length)
		ctx.Export("message", res.Message)
		return nil
	})
}
