package dev.switchboard.runner.http.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Debian Chromium for a test class, driven through Debian's chromedriver (both paths
 * set explicitly, so Selenium Manager never downloads anything), with the waits and look-ups the
 * console tests share: elements are found the way a user names them (a button's text, a field's
 * label), and every wait is a {@link WebDriverWait}, never a fixed sleep.
 */
public final class ConsoleBrowser implements AutoCloseable {
    public static final String CHROMIUM = "/usr/bin/chromium";
    public static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    public static final Path SHOTS = Path.of("target", "screenshots");
    public static final Dimension LAPTOP = new Dimension(1366, 768);
    public static final Dimension PHONE = new Dimension(390, 844);

    private final ChromeDriver driver;
    private final String base;

    public ConsoleBrowser(String baseUrl) {
        System.setProperty("SE_AVOID_STATS", "true");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1366,768", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        this.base = baseUrl;
    }

    public WebDriver driver() {
        return driver;
    }

    /** Opens the console with a fresh browser session (no key kept from an earlier test). */
    public void openFresh() {
        driver.get(base + "/console");
        ((JavascriptExecutor) driver).executeScript("sessionStorage.clear()");
        driver.get(base + "/console");
        visible(By.id("api-key"));
    }

    public WebElement visible(By by) {
        return explained("visible " + by, () -> waiting().until(ExpectedConditions.visibilityOfElementLocated(by)));
    }

    public <T> T until(String what, Function<WebDriver, T> condition) {
        return explained(what, () -> waiting().until(condition));
    }

    private int failures;

    /** A wait that times out fails with what the page showed, and leaves a screenshot of it. */
    private <T> T explained(String what, java.util.function.Supplier<T> wait) {
        try {
            return wait.get();
        } catch (org.openqa.selenium.TimeoutException e) {
            Path shot = screenshot("failed-" + (++failures));
            throw new AssertionError("timed out waiting for " + what + " (screenshot " + shot + "); the page shows:\n" + bodyText(), e);
        }
    }

    public WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(50));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    /** A visible button by its accessible text. */
    public static By button(String text) {
        return By.xpath("//button[normalize-space()='" + text + "']");
    }

    /** The form control a visible {@code <label>} with this text points at. */
    public WebElement labelled(String label) {
        WebElement l = driver.findElement(By.xpath("//label[normalize-space()='" + label + "']"));
        return driver.findElement(By.id(l.getAttribute("for")));
    }

    /** Clicks the element once it is clickable; a list re-rendered in between is looked up again. */
    public void click(By by) {
        explained("clickable " + by, () -> waiting().until(d -> {
            WebElement e = ExpectedConditions.elementToBeClickable(by).apply(d);
            if (e == null) return false;
            e.click(); // a StaleElementReferenceException here is ignored by the wait, which tries again
            return true;
        }));
    }

    public void type(String label, String text) {
        WebElement input = labelled(label);
        input.clear();
        input.sendKeys(text);
    }

    public String bodyText() {
        return driver.findElement(By.tagName("body")).getText();
    }

    public List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    public WebElement active() {
        return driver.switchTo().activeElement();
    }

    /** Types on the keyboard into whatever has the focus, as a user would. */
    public void press(CharSequence... keys) {
        new org.openqa.selenium.interactions.Actions(driver).sendKeys(keys).perform();
    }

    /** Presses Tab until the focused element matches, at most {@code max} times; fails otherwise. */
    public WebElement tabTo(String what, java.util.function.Predicate<WebElement> target, int max) {
        for (int i = 0; i < max; i++) {
            WebElement a = active();
            if (target.test(a)) return a;
            press(Keys.TAB);
        }
        throw new AssertionError("Tab never reached " + what + " in " + max + " presses");
    }

    /** Sets the viewport to exactly this size (a phone size also emulates a touch screen's mobile layout). */
    public void size(Dimension d) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", java.util.Map.of("width", d.width, "height", d.height,
                "deviceScaleFactor", 1, "mobile", d.width < 600));
        until("the viewport to be " + d.width + " wide", dr -> ((Number) ((JavascriptExecutor) dr)
                .executeScript("return window.innerWidth")).intValue() == d.width);
    }

    /** Waits for passing notices to go, and scrolls the page to its top, so a screenshot shows the page itself. */
    public void settle() {
        until("the notices to go", d -> d.findElements(By.cssSelector(".toast")).isEmpty());
        ((JavascriptExecutor) driver).executeScript("document.querySelector('.main')?.scrollTo(0, 0)");
    }

    /** Lets pages of this origin write and read the clipboard without a prompt, as a user who allowed it. */
    public void allowClipboard(String origin) {
        driver.executeCdpCommand("Browser.grantPermissions", java.util.Map.of("origin", origin,
                "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
    }

    /** The text on the clipboard, read by the page (needs {@link #allowClipboard}). */
    public String clipboard() {
        return (String) ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, (e) => done('clipboard refused: ' + e))");
    }

    /** Saves the page as target/screenshots/{name}.png. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SHOTS);
            Path out = SHOTS.resolve(name + ".png");
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), out, StandardCopyOption.REPLACE_EXISTING);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
