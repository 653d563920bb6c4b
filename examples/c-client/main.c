/* Trains a logistic regression by gradient descent with two units that deriv emits:
 * loss.c (the loss of one example and its gradient in the weights) and predict.c (the
 * model's probability). Both call deriv's sigmoid helper; they link into one program, and
 * also compile pasted into one file (make pasted). See README.md. */
#include <stdio.h>

#include "loss.h"
#include "predict.h"

/* Sixteen examples (x1, x2, label): label 1 when x1 + 2*x2 > 0.5, two of them flipped, so
 * that no line separates the classes and the weights stay finite. */
static const double examples[16][3] = {
    {-1.5, -1.0, 0}, {-1.0, 0.5, 0}, {-0.5, -0.5, 0}, {0.0, 0.0, 0},
    {0.5, -0.5, 0}, {1.0, -1.0, 0}, {-2.0, 1.0, 0}, {0.25, 0.0, 1},
    {1.5, 0.5, 1}, {1.0, 0.5, 1}, {0.5, 0.5, 1}, {0.0, 1.0, 1},
    {-0.5, 1.5, 1}, {2.0, -0.5, 1}, {1.0, 1.0, 1}, {0.0, 0.5, 0},
};

static double mean_loss(const double w[3], double gradient[3])
{
    double total = 0.0, g[3];
    int i, k;
    for (k = 0; k < 3; k++) gradient[k] = 0.0;
    for (i = 0; i < 16; i++) {
        total += loss_grad(w[0], w[1], w[2], examples[i][0], examples[i][1], examples[i][2], g);
        for (k = 0; k < 3; k++) gradient[k] += g[k] / 16.0;
    }
    return total / 16.0;
}

int main(void)
{
    double w[3] = {0.0, 0.0, 0.0}, gradient[3];
    const double rate = 0.5;
    int step, i, k, right = 0;
    for (step = 0; step <= 2000; step++) {
        const double value = mean_loss(w, gradient);
        if (step % 500 == 0) printf("step %4d  loss %.6f  w1 %.6f  w2 %.6f  b %.6f\n", step, value, w[0], w[1], w[2]);
        for (k = 0; k < 3; k++) w[k] -= rate * gradient[k];
    }
    for (i = 0; i < 16; i++) {
        const double p = predict(w[0], w[1], w[2], examples[i][0], examples[i][1]);
        right += (p > 0.5) == (examples[i][2] > 0.5);
    }
    printf("right %d of 16; p(1, 1) = %.6f\n", right, predict(w[0], w[1], w[2], 1.0, 1.0));
    return 0;
}
