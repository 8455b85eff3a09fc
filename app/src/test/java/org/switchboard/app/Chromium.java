package org.switchboard.app;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Debian's chromedriver, with a fresh profile and no
 * network of its own (no Selenium Manager, no component updates). Trusts the server's
 * self-signed certificate, as an admin clicking through the warning would.
 */
final class Chromium implements AutoCloseable {
    static final String BROWSER = "/usr/bin/chromium";
    static final String DRIVER = "/usr/bin/chromedriver";
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final ChromeDriver driver;
    private final Path profile;
    private final String base;

    private Chromium(ChromeDriver driver, Path profile, String base) {
        this.driver = driver;
        this.profile = profile;
        this.base = base;
    }

    static Chromium start(ServerProcess server) throws IOException {
        System.setProperty("webdriver.chrome.driver", DRIVER);
        Path profile = Files.createTempDirectory("switchboard-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=1280,800");
        options.setAcceptInsecureCerts(true);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER)).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return new Chromium(driver, profile, server.adminUrl());
    }

    void open(String path) { driver.get(base + path); }

    String path() { return driver.getCurrentUrl().substring(base.length()); }

    WebElement find(String css) { return driver.findElement(By.cssSelector(css)); }

    List<WebElement> all(String css) { return driver.findElements(By.cssSelector(css)); }

    String text(String css) { return find(css).getText(); }

    void type(String css, String text) {
        WebElement e = find(css);
        e.clear();
        e.sendKeys(text);
    }

    Object js(String script, Object... args) { return ((JavascriptExecutor) driver).executeScript(script, args); }

    /**
     * Polls until the condition holds; on timeout the message says where the browser is and what it shows.
     * An element htmx replaced while the condition read it, or a node Chromium dropped mid-navigation ("does not
     * belong to the document"), is just read again at the next poll.
     */
    <T> T await(Duration timeout, Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, timeout, Duration.ofMillis(200)).ignoring(WebDriverException.class).until(condition);
        } catch (TimeoutException e) {
            String main = driver.findElements(By.tagName("main")).stream().findFirst().map(WebElement::getText).orElse(driver.getPageSource());
            try {
                screenshot("timeout-" + System.currentTimeMillis());
            } catch (IOException | RuntimeException ignored) {
                // the message below is the evidence that matters
            }
            throw new AssertionError("timed out at " + driver.getCurrentUrl() + " showing:\n" + main, e);
        }
    }

    /**
     * Clicks and waits until the element's page (or the part htmx swapped) is gone. The element is marked in the DOM
     * first and the wait asks the document, not the element, so a navigation half-way through is just polled again.
     */
    void clickAndAwaitReplaced(WebElement element, Duration timeout) {
        js("arguments[0].setAttribute('data-sb-replaced-probe', '1')", element);
        element.click();
        try {
            new WebDriverWait(driver, timeout, Duration.ofMillis(200)).ignoring(WebDriverException.class)
                    .until(d -> Boolean.TRUE.equals(js("return document.readyState === 'complete' && document.querySelector('[data-sb-replaced-probe]') === null")));
        } catch (TimeoutException e) {
            throw new AssertionError("page was not replaced; still at " + driver.getCurrentUrl(), e);
        }
    }

    void login(String user, String password) {
        open("/admin/login");
        type("#user", user);
        type("#password", password);
        find("form[action='/admin/login'] button[type=submit]").click();
    }

    void size(int width, int height) { driver.manage().window().setSize(new Dimension(width, height)); }

    Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path target = SCREENSHOTS.resolve(name + ".png");
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
