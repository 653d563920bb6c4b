import DerivTestSupport
import Foundation
import XCTest

/// Screenshots taken in headless Chromium, kept as reviewed golden PNGs under `Golden/pictures/`
/// (docs/PICTURES.md, "Tests") and compared tolerantly: Chromium decodes both PNGs onto canvases
/// and counts the pixels in which some colour channel differs by more than `channelThreshold`.
/// With `DERIV_UPDATE_GOLDEN=1` the screenshot is written as the golden file instead.
enum ScreenshotGoldens {
    /// A channel may differ by this much (of 255, about a fifth) without the pixel counting: the
    /// shade of an antialiased edge varies a little with the font rasterizer and its version.
    static let channelThreshold = 48
    /// This many pixels may differ, in a picture of any size. A changed digit changes some 15 to
    /// 35 pixels beyond the threshold (26 for `value 6` drawn as `value 8`), so it fails; a few
    /// stray pixels pass.
    static let allowedPixels = 8

    /// The golden file `Golden/<path>` beside these tests.
    static func golden(_ path: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/" + path)
    }

    /// What the comparison page wrote: the sizes, and how many pixels differ.
    struct Comparison: CustomStringConvertible {
        var size: String
        var goldenSize: String
        var differing: Int
        var total: Int

        var passes: Bool { size == goldenSize && differing <= ScreenshotGoldens.allowedPixels }
        var description: String {
            size == goldenSize ? "\(differing) of \(total) pixels differ (at most \(ScreenshotGoldens.allowedPixels) may)"
                : "the screenshot is \(size), the golden file \(goldenSize)"
        }
    }

    /// A PNG of `url` in a window of `width`×`height`, taken into `directory`.
    static func screenshot(_ chromium: String, _ url: String, width: Int, height: Int, in directory: URL) throws -> Data {
        let png = directory.appendingPathComponent("shot-\(UUID().uuidString).png")
        _ = try PictureTests.chromiumRun(chromium, ["--screenshot=" + png.path, "--window-size=\(width),\(height)", url])
        return try Data(contentsOf: png)
    }

    /// Compares two PNGs in Chromium: a page with both as data URLs (which do not taint a
    /// canvas) draws each on a canvas and writes `<width>x<height> <width>x<height> <differing>
    /// <total>` into `#result`.
    static func compare(_ chromium: String, golden: Data, shot: Data, in directory: URL) throws -> Comparison {
        let page = "<!DOCTYPE html><html><body><pre id=\"result\">no result</pre><script>const golden = 'data:image/png;base64,"
            + golden.base64EncodedString() + "', shot = 'data:image/png;base64," + shot.base64EncodedString()
            + "', threshold = \(channelThreshold);\n" + script + "</script></body></html>"
        let file = directory.appendingPathComponent("compare-\(UUID().uuidString).html")
        try Data(page.utf8).write(to: file)
        let dom = try PictureTests.dumpDOM(chromium, file.absoluteString)
        let result = dom.range(of: "<pre id=\"result\">").flatMap { start in
            dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex).map { String(dom[start.upperBound..<$0.lowerBound]) }
        } ?? "no page"
        let fields = result.split(separator: " ").map(String.init)
        guard fields.count == 4, let differing = Int(fields[2]), let total = Int(fields[3]) else {
            throw ComparisonError(result: result)
        }
        return Comparison(size: fields[1], goldenSize: fields[0], differing: differing, total: total)
    }

    struct ComparisonError: Error, CustomStringConvertible {
        var result: String
        var description: String { "the comparison page wrote: \(result)" }
    }

    /// The comparison, run in the page: the sizes first; when they agree, every pixel.
    static let script = """
        const load = src => new Promise((ok, fail) => {
          const image = new Image();
          image.onload = () => ok(image);
          image.onerror = () => fail(new Error('a PNG that does not decode'));
          image.src = src;
        });
        const pixels = image => {
          const canvas = document.createElement('canvas');
          canvas.width = image.naturalWidth; canvas.height = image.naturalHeight;
          const context = canvas.getContext('2d');
          context.drawImage(image, 0, 0);
          return context.getImageData(0, 0, canvas.width, canvas.height).data;
        };
        const result = document.getElementById('result');
        Promise.all([load(golden), load(shot)]).then(([a, b]) => {
          const size = image => image.naturalWidth + 'x' + image.naturalHeight;
          if (size(a) !== size(b)) { result.textContent = size(a) + ' ' + size(b) + ' 0 0'; return; }
          const p = pixels(a), q = pixels(b);
          let differing = 0;
          for (let i = 0; i < p.length; i += 4) {
            if (Math.abs(p[i] - q[i]) > threshold || Math.abs(p[i + 1] - q[i + 1]) > threshold
                || Math.abs(p[i + 2] - q[i + 2]) > threshold) differing++;
          }
          result.textContent = size(a) + ' ' + size(b) + ' ' + differing + ' ' + p.length / 4;
        }, error => { result.textContent = 'error: ' + error.message; });
        """
}

extension XCTestCase {
    /// Takes a screenshot of `url` and compares it with the golden PNG `Golden/<path>` (or writes
    /// it there with `DERIV_UPDATE_GOLDEN=1`). On a failure the screenshot is kept in the
    /// temporary directory and the message gives its path, to look at beside the golden file.
    func assertScreenshotMatchesGolden(_ chromium: String, _ url: String, width: Int, height: Int, _ path: String,
                                       file: StaticString = #filePath, line: UInt = #line) throws {
        let directory = try temporaryDirectory()
        let shot = try ScreenshotGoldens.screenshot(chromium, url, width: width, height: height, in: directory)
        let golden = ScreenshotGoldens.golden(path)
        if GoldenFiles.updating {
            try shot.write(to: golden)
            return
        }
        let expected = try XCTUnwrap(try? Data(contentsOf: golden),
                                     "missing golden file Golden/\(path); run with DERIV_UPDATE_GOLDEN=1 to create it", file: file, line: line)
        let comparison = try ScreenshotGoldens.compare(chromium, golden: expected, shot: shot, in: directory)
        XCTAssertEqual(comparison.size, "\(width)x\(height)", "Golden/\(path): the size asked for", file: file, line: line)
        if !comparison.passes {
            let kept = FileManager.default.temporaryDirectory.appendingPathComponent(
                (path as NSString).lastPathComponent.replacingOccurrences(of: ".png", with: ".new.png"))
            try shot.write(to: kept)
            XCTFail("Golden/\(path): \(comparison); the new screenshot is \(kept.path) (DERIV_UPDATE_GOLDEN=1 swift test "
                    + "rewrites golden files: look at both first)", file: file, line: line)
        }
    }
}
