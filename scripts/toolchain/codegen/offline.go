package main

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"os"
	"strings"
)

// offlineTransport replaces http.DefaultTransport: the generator must not reach the network. The only request
// the generators make is codegen/dotnet's download of the package logo (the schema's logoUrl, else Pulumi's logo on
// GitHub) for the NuGet package; it is answered with the --logo file, or a plain 64x64 square when none is given.
type offlineTransport struct{ logo []byte }

func (t offlineTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method != http.MethodGet || !strings.HasSuffix(strings.ToLower(req.URL.Path), ".png") {
		return nil, fmt.Errorf("pulumi-cckm-codegen works offline and does not fetch %s %s", req.Method, req.URL)
	}
	return &http.Response{
		StatusCode:    http.StatusOK,
		Status:        "200 OK",
		Header:        http.Header{"Content-Type": []string{"image/png"}},
		Body:          io.NopCloser(bytes.NewReader(t.logo)),
		ContentLength: int64(len(t.logo)),
		Request:       req,
	}, nil
}

// useOfflineLogo installs the offline transport with the logo at logoFile, or a generated one.
func useOfflineLogo(logoFile string) error {
	var logo []byte
	if logoFile != "" {
		data, err := os.ReadFile(logoFile)
		if err != nil {
			return fmt.Errorf("--logo: %w", err)
		}
		logo = data
	} else {
		img := image.NewRGBA(image.Rect(0, 0, 64, 64))
		for y := 0; y < 64; y++ {
			for x := 0; x < 64; x++ {
				img.Set(x, y, color.RGBA{R: 0x6d, G: 0x28, B: 0xd9, A: 0xff})
			}
		}
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			return err
		}
		logo = buf.Bytes()
	}
	http.DefaultTransport = offlineTransport{logo: logo}
	http.DefaultClient = &http.Client{Transport: http.DefaultTransport}
	return nil
}
